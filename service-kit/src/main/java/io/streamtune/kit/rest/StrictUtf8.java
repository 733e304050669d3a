package io.streamtune.kit.rest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request body as strict UTF-8: a malformed byte, an overlong form (C0 AF for '/') or an encoded surrogate is an
 * error, never replaced. JSON readers are laxer (Jackson decodes overlong forms), so a body is decoded here first.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** Bytes that are not UTF-8; {@link #offset()} is where the first bad sequence starts. */
    public static final class MalformedException extends Exception {

        private final int offset;

        MalformedException(int offset) {
            super("malformed UTF-8 byte sequence at byte offset " + offset, null, false, false);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    public static String decode(byte[] bytes) throws MalformedException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            throw new MalformedException(in.position());
        }
        return out.flip().toString();
    }
}
