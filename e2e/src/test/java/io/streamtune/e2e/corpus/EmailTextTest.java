package io.streamtune.e2e.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailTextTest {

    @Test
    void keepsSubjectAndBodyAndDropsEveryOtherHeader() {
        String raw = """
                From someone@example.com  Thu Aug 22 13:17:22 2002
                Return-Path: <someone@example.com>
                Received: from mail.spamassassin.taint.org by localhost
                Date: Wed, 21 Aug 2002 20:31:57 -0400
                Subject: Life Insurance - Why Pay More?
                Content-Type: text/plain; charset="iso-8859-1"
                Content-Transfer-Encoding: quoted-printable

                Save up to 70% on life insurance.=0AClick=20here now.
                """;
        String text = EmailText.of(raw);
        assertThat(text).startsWith("Life Insurance - Why Pay More?\n\nSave up to 70% on life insurance.")
                .contains("Click here now.")
                .doesNotContain("spamassassin").doesNotContain("2002").doesNotContain("Return-Path");
    }

    @Test
    void htmlPartsLoseTheirTagsAndPlainTextWinsInAlternatives() {
        String raw = """
                Subject: =?iso-8859-1?q?Gr=FC=DFe?=
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="XX"

                --XX
                Content-Type: text/html

                <html><style>p{}</style><p>html version</p></html>
                --XX
                Content-Type: text/plain

                plain version
                --XX--
                """;
        assertThat(EmailText.of(raw)).isEqualTo("Grüße\n\nplain version");
        assertThat(EmailText.of(raw.replace("text/plain", "text/other"), false)).contains("html version")
                .doesNotContain("<p>");
        assertThat(EmailText.html("<p>a&amp;b</p><script>x()</script>")).contains("a&b").doesNotContain("x()");
    }

    @Test
    void brokenMimeFallsBackToTheBody() {
        String raw = "Subject: x\nContent-Type: multipart/mixed; boundary=\"nope\"\n\nno parts here\n";
        assertThat(EmailText.of(raw)).contains("no parts here");
    }
}
