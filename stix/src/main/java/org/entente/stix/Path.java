package org.entente.stix;

/**
 * Where a value sits inside an object, built as the validator descends and rendered only when an
 * issue needs it ({@code kill_chain_phases[0].phase_name}).
 */
final class Path {
    static final Path ROOT = new Path(null, null, -1);

    private final Path parent;
    private final String name;
    private final int index;

    private Path(Path parent, String name, int index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    Path property(String property) {
        return new Path(this, property, -1);
    }

    Path index(int i) {
        return new Path(this, null, i);
    }

    @Override
    public String toString() {
        if (parent == null) {
            return "";
        }
        String head = parent.toString();
        if (name == null) {
            return head + "[" + index + "]";
        }
        return head.isEmpty() ? name : head + "." + name;
    }
}
