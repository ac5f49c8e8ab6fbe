package org.entente.pattern;

import java.util.Arrays;

/**
 * Small immutable sorted arrays of leaf ids, replaced rather than changed, so readers need no lock.
 */
final class Postings {
    static final int[] EMPTY = new int[0];

    private Postings() {}

    static int[] with(int[] ids, int id) {
        int at = Arrays.binarySearch(ids, id);
        if (at >= 0) {
            return ids;
        }
        int insert = -at - 1;
        int[] out = new int[ids.length + 1];
        System.arraycopy(ids, 0, out, 0, insert);
        out[insert] = id;
        System.arraycopy(ids, insert, out, insert + 1, ids.length - insert);
        return out;
    }

    static int[] without(int[] ids, int id) {
        int at = Arrays.binarySearch(ids, id);
        if (at < 0) {
            return ids;
        }
        if (ids.length == 1) {
            return EMPTY;
        }
        int[] out = new int[ids.length - 1];
        System.arraycopy(ids, 0, out, 0, at);
        System.arraycopy(ids, at + 1, out, at, ids.length - at - 1);
        return out;
    }
}
