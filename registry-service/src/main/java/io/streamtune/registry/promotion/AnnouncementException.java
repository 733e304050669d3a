package io.streamtune.registry.promotion;

/** Kafka did not acknowledge an announcement in time; the same send may succeed later. */
public class AnnouncementException extends RuntimeException {

    public AnnouncementException(String message, Throwable cause) {
        super(message, cause);
    }
}
