package io.streamtune.deploy.config;

/**
 * The MicroProfile Config / SmallRye rule that maps a property name to its environment variable: every character
 * that is not a letter or digit becomes {@code _}, and the rest is upper-cased
 * ({@code streamtune.s3.access-key} is {@code STREAMTUNE_S3_ACCESS_KEY}, {@code a."b.c".d} is {@code A__B_C__D}).
 */
public final class EnvNames {

    private EnvNames() {
    }

    public static String of(String property) {
        StringBuilder b = new StringBuilder(property.length());
        for (int i = 0; i < property.length(); i++) {
            char c = property.charAt(i);
            b.append(c < 128 && Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return b.toString();
    }
}
