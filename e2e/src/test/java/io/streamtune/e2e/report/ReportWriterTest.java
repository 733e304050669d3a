package io.streamtune.e2e.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportWriterTest {

    @Test
    void replacesOnlyItsOwnSection() {
        String doc = "# Benchmarks\n\n## model\n\nmodel text\n\n## e2e\n\nold\n\n### sub\n\nold sub\n\n## ingest\n\ni\n";
        String out = ReportWriter.replaceSection(doc, "## e2e\n\nnew\n");
        assertThat(out).isEqualTo("# Benchmarks\n\n## model\n\nmodel text\n\n## e2e\n\nnew\n\n## ingest\n\ni\n");
    }

    @Test
    void appendsWhenAbsentAndReplacesAtTheEnd() {
        assertThat(ReportWriter.replaceSection("# Benchmarks\n", "## e2e\n\nx")).isEqualTo("# Benchmarks\n\n## e2e\n\nx\n");
        assertThat(ReportWriter.replaceSection("# B\n\n## e2e\n\nold\n", "## e2e\n\nnew"))
                .isEqualTo("# B\n\n## e2e\n\nnew\n");
        assertThat(ReportWriter.replaceSection("# B\n\n## e2e-like\n\nkeep\n", "## e2e\n\nnew"))
                .isEqualTo("# B\n\n## e2e-like\n\nkeep\n\n## e2e\n\nnew\n");
    }

    @Test
    void aHeadingIsMatchedAsAWholeLine() {
        String doc = "# B\n\n## e2e validation\n\nval\n\n## e2e\n\nold\n\n## pipeline\n\np\n";
        assertThat(ReportWriter.replaceSection(doc, "## e2e", "## e2e\n\nnew"))
                .isEqualTo("# B\n\n## e2e validation\n\nval\n\n## e2e\n\nnew\n\n## pipeline\n\np\n");
        assertThat(ReportWriter.replaceSection(doc, ReportWriter.VALIDATION_HEADING, "## e2e validation\n\nv2"))
                .isEqualTo("# B\n\n## e2e validation\n\nv2\n\n## e2e\n\nold\n\n## pipeline\n\np\n");
        assertThat(ReportWriter.replaceSection("# B\n\n## e2e\n\nold\n", ReportWriter.VALIDATION_HEADING,
                "## e2e validation\n\nv")).isEqualTo("# B\n\n## e2e\n\nold\n\n## e2e validation\n\nv\n");
    }

    @Test
    void roundsToFiveSignificantDigitsAndKeepsIntegers() {
        assertThat(ReportWriter.round(3.0)).isEqualTo(3L);
        assertThat(ReportWriter.round(0.123456789)).isEqualTo(0.12346);
        assertThat(ReportWriter.round(12345.678)).isEqualTo(12346.0);
    }
}
