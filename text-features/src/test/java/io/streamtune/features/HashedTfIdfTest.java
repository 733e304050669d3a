package io.streamtune.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HashedTfIdfTest {

    /**
     * The buckets another runtime must compute. The numbers come from a pure-Python MurmurHash3 x86_32 (checked
     * against the published vectors: "" seed 0 → 0, "" seed 1 → 0x514E28B7, "The quick brown fox jumps over the lazy
     * dog" → 0x2E4FF723), hashing the UTF-8 bytes of the lower-cased tokens and bigrams with seed 0, masked to 20
     * bits: 'free' → 1363043438, 'money!!' → 375689970, 'größe' → 3822294591 (two-byte UTF-8 chars), ...
     */
    @Test
    void bucketsAreMurmur3OfTheUtf8TermsInTextOrder() {
        HashedTfIdf f = new HashedTfIdf(20);
        assertThat(f.buckets("FREE money!! Größe $100 now"))
                .containsExactly(943214, 299762, 1001382, 235071, 126372, 356385, 642551, 68115, 270879);
        // separators are dropped, a token over 40 chars too, and the bigram joins the kept tokens around it
        assertThat(f.buckets("  free,,, " + "x".repeat(41) + " (money!!)"))
                .containsExactly(943214, 299762, 1001382);
        assertThat(new HashedTfIdf(8).buckets("free money!!")).containsExactly(943214 & 255, 299762 & 255,
                1001382 & 255);
    }

    @Test
    void vectorsAreUnitLengthWithSublinearTfTimesOnlineIdf() {
        HashedTfIdf f = new HashedTfIdf(12);
        f.observe("a b c");
        f.observe("a d");
        HashedTfIdf.SparseVector v = f.vector("a a");
        // terms: a, a, bigram "a a": a has tf 2 and df 2 of 2 documents, "a a" tf 1 and df 0
        int[] b = f.buckets("a a");
        double wa = (1 + Math.log(2)) * (Math.log(3.0 / 3.0) + 1);
        double waa = 1 * (Math.log(3.0 / 1.0) + 1);
        double norm = Math.sqrt(wa * wa + waa * waa);
        assertThat(v.indices()).containsExactlyInAnyOrder(b[0], b[2]);
        int ia = v.indices()[0] == b[0] ? 0 : 1;
        assertThat((double) v.values()[ia]).isCloseTo(wa / norm, within(1e-6));
        assertThat((double) v.values()[1 - ia]).isCloseTo(waa / norm, within(1e-6));
        assertThat(f.documents()).isEqualTo(2);
    }
}
