package org.entente.pattern;

/**
 * A constant of a comparison with the forms comparisons need (octets, a network), computed once
 * when the pattern is compiled rather than for every value it meets.
 */
final class Operand {
    final Constant constant;

    /** Octets for comparison with binary properties, or null if it has none. */
    final byte[] bytes;

    /** The network a string constant denotes, for ip address values. */
    final Ip.Net net;

    /**
     * @param binary whether the path is a binary property (only then are octets needed)
     * @param addresses whether the path ends in {@code value} (only then may the constant be
     *     compared as an address)
     */
    Operand(Constant constant, boolean binary, boolean addresses) {
        this.constant = constant;
        if (constant instanceof Constant.BinaryValue b) {
            bytes = b.raw();
        } else if (binary && constant instanceof Constant.StringValue s) {
            bytes = ValueComparison.latin1(s.value());
        } else {
            bytes = null;
        }
        net = addresses && constant instanceof Constant.StringValue s ? Ip.parse(s.value()) : null;
    }
}
