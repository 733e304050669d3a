package io.streamtune.training.replay;

/** Small replay items for the buffer tests. */
final class Items {

    private Items() {
    }

    static ReplayItem item(int i, String label, String source) {
        return new ReplayItem("ex-" + i, label, source, null, new byte[] {(byte) i, 1, 2, 3}, null);
    }

    static ReplayItem withLogits(int i, String label, String source) {
        return new ReplayItem("ex-" + i, label, source, "text " + i, null, new float[] {i, -i});
    }

    static int index(ReplayItem item) {
        return Integer.parseInt(item.id().substring(3));
    }
}
