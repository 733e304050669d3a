package io.streamtune.deploy;

import java.util.Optional;

/** Container image references: {@code [registry/]repository[:tag][@digest]}. */
public final class Images {

    private Images() {
    }

    public static String repository(String image) {
        String s = image == null ? "" : image.trim();
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }

    public static Optional<String> tag(String image) {
        String s = image == null ? "" : image.trim();
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? Optional.of(s.substring(colon + 1)) : Optional.empty();
    }

    /** Why an image is not pinned (no tag or digest, or a moving tag), or empty when it is. */
    public static Optional<String> unpinned(String image) {
        if (image != null && image.contains("@sha256:")) {
            return Optional.empty();
        }
        Optional<String> tag = tag(image);
        if (tag.isEmpty()) {
            return Optional.of("image " + image + " has no tag: pin a version");
        }
        if (tag.get().equals("latest")) {
            return Optional.of("image " + image + " uses the moving tag 'latest': pin a version");
        }
        return Optional.empty();
    }
}
