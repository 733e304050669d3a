package io.streamtune.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The listening TCP sockets of this machine, read from {@code /proc/net/tcp} and {@code tcp6} (Linux), so a test can
 * check on which address a server really binds rather than on which address it was told to advertise.
 */
public final class Listeners {

    private static final String V4_LOOPBACK = "0100007F";
    private static final String V6_LOOPBACK = "00000000000000000000000001000000";
    private static final String V6_MAPPED_V4_LOOPBACK = "0000000000000000FFFF00000100007F";

    private Listeners() {
    }

    /** Whether the kernel's socket tables can be read here (Linux). */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** The local addresses (kernel hex notation) of every LISTEN socket on this port, IPv4 and IPv6. */
    public static List<String> listeningAddresses(int port) {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].contains(":") && "0A".equals(f[3])) {
                        String[] local = f[1].split(":");
                        if (local[1].equalsIgnoreCase(hexPort)) {
                            out.add(local[0].toUpperCase(Locale.ROOT));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * Why the port is not served on loopback only: null when at least one socket listens on it and each of them is
     * bound to a loopback address; otherwise a sentence for an assertion message.
     */
    public static String notLoopbackOnly(int port) {
        List<String> addresses = listeningAddresses(port);
        if (addresses.isEmpty()) {
            return "nothing listens on port " + port;
        }
        List<String> wide = addresses.stream().filter(a -> !a.equals(V4_LOOPBACK) && !a.equals(V6_LOOPBACK)
                && !a.equals(V6_MAPPED_V4_LOOPBACK)).toList();
        return wide.isEmpty() ? null : "port " + port + " listens beyond loopback, on " + wide;
    }
}
