package io.streamtune.e2e.corpus;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The text a model should see of a raw email: its subject and its readable body. Every other header is dropped — they
 * name the collection, its mail servers and its dates, which would let a model cheat.
 */
public final class EmailText {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Pattern SCRIPT_STYLE = Pattern.compile("(?is)<(script|style)[^>]*>.*?</\\1>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f\\r]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n+");

    private EmailText() {
    }

    /** Subject and body, HTML markup kept: it is part of what the sender wrote (and a strong spam signal). */
    public static String of(String rawEmail) {
        return of(rawEmail, true);
    }

    /** Subject and body; with {@code keepHtml} false, HTML parts are reduced to their visible text. */
    public static String of(String rawEmail, boolean keepHtml) {
        String raw = rawEmail.startsWith("From ") ? rawEmail.substring(rawEmail.indexOf('\n') + 1) : rawEmail;
        try {
            MimeMessage message = new MimeMessage(SESSION,
                    new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
            String subject = subject(message);
            String body = clean(body(message, keepHtml));
            String text = subject.isEmpty() ? body : subject + "\n\n" + body;
            return text.replace('\0', ' ').strip();
        } catch (MessagingException | IOException | RuntimeException e) {
            // a broken MIME structure: fall back to everything after the header block
            int split = raw.indexOf("\n\n");
            return clean(split < 0 ? raw : raw.substring(split + 2)).replace('\0', ' ').strip();
        }
    }

    private static String subject(MimeMessage m) throws MessagingException {
        String[] raw = m.getHeader("Subject");
        if (raw == null || raw.length == 0) {
            return "";
        }
        try {
            return MimeUtility.decodeText(MimeUtility.unfold(raw[0])).strip();
        } catch (java.io.UnsupportedEncodingException e) {
            return raw[0].strip();
        }
    }

    /** Plain text parts as they are, HTML parts without tags; other parts (images, attachments) are skipped. */
    private static String body(Part part, boolean keepHtml) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return content(part);
        }
        if (part.isMimeType("text/html")) {
            return keepHtml ? content(part) : html(content(part));
        }
        if (part.isMimeType("multipart/alternative")) {
            Multipart mp = (Multipart) part.getContent();
            String html = null;
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                if (bp.isMimeType("text/plain")) {
                    return content(bp);
                }
                if (html == null) {
                    html = body(bp, keepHtml);
                }
            }
            return html == null ? "" : html;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                String t = body(mp.getBodyPart(i), keepHtml);
                if (!t.isBlank()) {
                    sb.append(t).append('\n');
                }
            }
            return sb.toString();
        }
        if (part.isMimeType("message/rfc822") && part.getContent() instanceof Part inner) {
            return body(inner, keepHtml);
        }
        if (part.getContentType() == null || part.isMimeType("text/*")) {
            return content(part);
        }
        return "";
    }

    private static String content(Part part) throws IOException, MessagingException {
        try {
            Object c = part.getContent();
            if (c instanceof String s) {
                return s;
            }
        } catch (java.io.UnsupportedEncodingException e) {
            // an unknown charset name: read the bytes as Latin-1
        }
        try (var in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static String html(String html) {
        String s = SCRIPT_STYLE.matcher(html).replaceAll(" ");
        s = s.replaceAll("(?i)<br\\s*/?>|</p>|</div>|</tr>", "\n");
        s = TAG.matcher(s).replaceAll(" ");
        return s.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'");
    }

    private static String clean(String s) {
        String t = SPACES.matcher(s.replace("\r\n", "\n")).replaceAll(" ");
        return BLANK_LINES.matcher(t).replaceAll("\n\n");
    }
}
