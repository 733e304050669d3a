package io.streamtune.e2e.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Model names for a URL path, already encoded: names the rule {@code [a-z0-9][a-z0-9-]{0,62}} refuses (path
 * traversal, encoded slashes and NULs, upper case, unicode, over 63 chars, up to far past the URL length limit), and
 * valid names of models that do not exist.
 */
final class BadNames {

    /** Path segments sent as they are: traversal and encodings a server might decode (none leads back to a model). */
    private static final String[] RAW = {
        "..", ".", "%2e%2e", "%2E%2E%2F%2E%2E", "..%2F..%2Fetc%2Fpasswd", "%252e%252e", "%00", "a%00b", "%2F",
        "%5C..%5C", "%C0%AE%C0%AE", "%FF", ";", "a;b=c", "%3Bx", "~", "%7E"};

    private BadNames() {
    }

    /** @param existing the models that exist (none of these comes out, in any spelling the server could fold) */
    static Arbitrary<String> modelNames(List<String> existing) {
        Arbitrary<String> invalid = Arbitraries.oneOf(
                Arbitraries.of("-x", "x_y", "a b", "A", "Spam", "ä", "模型", "😀", "x.y", "x/y", "x\\y", "\t", "\u0000",
                        "a\nb", "../" + existing.get(0), existing.get(0) + "/..", existing.get(0).toUpperCase(),
                        existing.get(0) + "\u00a0", "\u202e" + existing.get(0), "${jndi:ldap://x}", "' OR 1=1 --",
                        "<script>", "null", "..;"),
                Arbitraries.integers().between(64, 300).map("m"::repeat),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40))
                .filter(n -> !n.matches("[a-z0-9][a-z0-9-]{0,62}"))
                .map(PathSegments::encode);
        Arbitrary<String> huge = Arbitraries.integers().between(4_000, 20_000).map("m"::repeat);
        Arbitrary<String> unknown = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('-')
                .ofMinLength(1).ofMaxLength(63).filter(n -> n.matches("[a-z0-9][a-z0-9-]{0,62}")
                        && !existing.contains(n));
        return Arbitraries.frequencyOf(Tuple.of(8, invalid), Tuple.of(2, Arbitraries.of(RAW)), Tuple.of(1, huge),
                Tuple.of(3, unknown));
    }
}
