package io.streamtune.e2e.fuzz;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Bodies that are not one well-formed JSON object, for any endpoint that reads one: broken syntax, cut-off documents,
 * invalid UTF-8, nesting and numbers past the JSON reader's limits, other JSON values, random bytes.
 */
final class BadJson {

    /** Sequences no strict UTF-8 decoder takes: a bad start byte, an overlong '/', a lone surrogate, a cut-off char. */
    private static final byte[][] BAD_UTF8 = {
        {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC3},
        {(byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};

    private static final String[] BROKEN = {
        "{", "}", "[", "]", "{\"text\":}", "{\"text\" \"x\"}", "{'text':'x','label':'spam'}", "{text:\"x\"}",
        "{\"text\":\"x\",}", "[{\"text\":\"x\"},]", "{\"text\":\"x\"}}", "{\"text\":\"unterminated}",
        "/* comment */ {\"text\":\"x\"}", "{\"text\":NaN}", "{\"text\":undefined}", "{\"a\":01}", "{\"a\":.5}",
        "{\"a\":+1}", "{\"a\":0x1F}", "{\"a\":Infinity}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\" : tru}",
        "nul", "<xml/>", "text=x&label=spam", "\u0000", "{\"a\":\"b\"}\u0000", "\uFEFF{\"text\":\"x\"}",
        "{\"text\":\"x\"} {\"text\":\"y\"}", "{\"text\":\"x\"}garbage", "{\"\":}", "{,}", "[,1]", "{\"a\"::1}"};

    private static final String[] NOT_AN_OBJECT = {
        "null", "true", "0", "-1", "1e999", "\"text\"", "[]", "[[]]", "[1,2,3]", "[null]", "[\"x\"]", "\"\"", " "};

    private BadJson() {
    }

    /** Any of the kinds below; {@code valid} is a well-formed document of the endpoint, to cut and corrupt. */
    static Arbitrary<byte[]> bodies(String valid) {
        return Arbitraries.oneOf(broken(), cutOff(valid), invalidUtf8(valid), deepNesting(), hugeNumbers(),
                notAnObject(), randomBytes(), randomText());
    }

    static Arbitrary<byte[]> broken() {
        return Arbitraries.of(BROKEN).map(BadJson::utf8);
    }

    /** A valid document cut short: every prefix of it is incomplete JSON. */
    static Arbitrary<byte[]> cutOff(String valid) {
        return Arbitraries.integers().between(1, valid.length() - 1).map(n -> utf8(valid.substring(0, n)));
    }

    /** A valid document with a byte sequence that is not UTF-8 put in at some place. */
    static Arbitrary<byte[]> invalidUtf8(String valid) {
        byte[] doc = utf8(valid);
        return Combinators.combine(Arbitraries.integers().between(0, doc.length), Arbitraries.of(BAD_UTF8))
                .as((at, bad) -> {
                    byte[] out = new byte[doc.length + bad.length];
                    System.arraycopy(doc, 0, out, 0, at);
                    System.arraycopy(bad, 0, out, at, bad.length);
                    System.arraycopy(doc, at, out, at + bad.length, doc.length - at);
                    return out;
                });
    }

    /** Arrays or objects nested 500 to 20,000 deep, closed or not (the reader's limit is 1,000). */
    static Arbitrary<byte[]> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(500, 20_000), Arbitraries.of(true, false),
                Arbitraries.of("[", "{\"a\":")).as((depth, closed, open) -> {
                    String close = open.equals("[") ? "]" : "}";
                    return utf8(open.repeat(depth) + "1" + (closed ? close.repeat(depth) : ""));
                });
    }

    /** Numbers longer than the reader allows, or past any double, where an object's value goes. */
    static Arbitrary<byte[]> hugeNumbers() {
        Arbitrary<String> digits = Arbitraries.integers().between(300, 5_000).map(n -> "9".repeat(n));
        Arbitrary<String> number = Arbitraries.oneOf(digits, digits.map(d -> "-" + d), digits.map(d -> "0." + d),
                Arbitraries.of("1e999999999", "-1e-999999999", "1E+2147483648", "123456789012345678901234567890"));
        return number.map(n -> utf8("{\"text\":" + n + ",\"label\":" + n + "}"));
    }

    static Arbitrary<byte[]> notAnObject() {
        return Arbitraries.of(NOT_AN_OBJECT).map(BadJson::utf8);
    }

    static Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2_000);
    }

    /** Any chars at all, surrogates and controls included, as UTF-8. */
    static Arbitrary<byte[]> randomText() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(500).map(BadJson::utf8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
