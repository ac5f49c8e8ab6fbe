package org.entente.pattern;

import java.util.ArrayList;
import java.util.List;
import org.entente.stix.StixIds;

/**
 * Reads object paths ({@code type:name.key[0]}, section 9.4). A path has its own lexical rules,
 * different from the rest of the pattern: a type may contain {@code -} and digits, a name may be
 * quoted, and {@code [} opens a list index rather than an observation expression.
 */
final class PathParser {
    private final PatternCursor in;
    private final ConstantParser constants;

    PathParser(PatternCursor in, ConstantParser constants) {
        this.in = in;
        this.constants = constants;
    }

    /** Whether the character at the cursor could begin an object path (a lower-case type). */
    boolean isPathStart() {
        char c = in.peek();
        return c >= 'a' && c <= 'z';
    }

    ObjectPath path() {
        int start = in.pos();
        while (!in.atEnd()) {
            char c = in.peek();
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
                in.advance();
            } else {
                break;
            }
        }
        String type = in.since(start);
        if (type.isEmpty()) {
            if (PatternCursor.isWordChar(in.peek())) {
                String w = in.word();
                throw in.error(
                        start,
                        "expected an object path such as file:name, but found '"
                                + w
                                + "'"
                                + (w.chars().anyMatch(Character::isUpperCase)
                                        ? " (object types are lower case)"
                                        : ""));
            }
            throw in.error("expected an object path such as file:name, but found " + in.found());
        }
        in.skipWs();
        if (in.peek() != ':') {
            if (PatternCursor.isWordChar(in.peek())) {
                throw in.error(
                        start,
                        "'"
                                + type
                                + in.word()
                                + "' is not an object type (lower-case letters,"
                                + " digits and hyphens only)");
            }
            throw in.error(
                    "expected ':' between the object type '"
                            + type
                            + "' and a property name, but found "
                            + in.found());
        }
        String typeProblem = StixIds.typeProblem(type);
        if (typeProblem != null) {
            throw in.error(start, "invalid object type in path: " + typeProblem);
        }
        in.advance();
        in.skipWs();
        List<ObjectPath.Step> steps = new ArrayList<>();
        steps.add(new ObjectPath.Key(name("a property name after '" + type + ":'")));
        type = type.intern(); // few distinct types and names: one copy each, hashes computed once
        while (true) {
            int save = in.pos();
            in.skipWs();
            if (in.peek() == '.') {
                in.advance();
                in.skipWs();
                steps.add(new ObjectPath.Key(name("a property name or key after '.'")));
            } else if (in.peek() == '[') {
                steps.add(index());
            } else {
                in.rewind(save);
                return new ObjectPath(type, steps);
            }
        }
    }

    /** Reads {@code [n]} or {@code [*]}, the cursor being on the bracket. */
    private ObjectPath.Step index() {
        int open = in.pos();
        in.advance();
        in.skipWs();
        ObjectPath.Step step;
        if (in.peek() == '*') {
            in.advance();
            step = new ObjectPath.AnyIndex();
        } else if (PatternCursor.isDigit(in.peek())) {
            int from = in.pos();
            while (PatternCursor.isDigit(in.peek())) {
                in.advance();
            }
            String digits = in.since(from);
            if (digits.length() > 9) {
                throw in.error(from, "list index " + digits + " is out of range");
            }
            step = new ObjectPath.Index(Integer.parseInt(digits));
        } else {
            throw in.error(
                    "expected a list index (0, 1, ...) or * after '[' in the object path,"
                            + " but found "
                            + in.found());
        }
        in.skipWs();
        if (in.peek() != ']') {
            throw in.error(
                    "expected ']' to close the list index opened at column "
                            + in.column(open)
                            + ", but found "
                            + in.found());
        }
        in.advance();
        return step;
    }

    private String name(String what) {
        if (in.peek() == '\'') {
            int at = in.pos();
            String quoted = constants.string();
            if (quoted.isEmpty()) {
                throw in.error(at, "a quoted property name must not be empty");
            }
            return quoted.intern();
        }
        int start = in.pos();
        while (!in.atEnd()) {
            char c = in.peek();
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_') {
                in.advance();
            } else {
                break;
            }
        }
        if (in.pos() == start) {
            throw in.error("expected " + what + ", but found " + in.found());
        }
        char next = in.peek();
        if (next == '-') {
            throw in.error(
                    start,
                    "a property name containing '-' must be quoted, e.g. '"
                            + in.since(start)
                            + "-...'");
        }
        return in.since(start).intern();
    }
}
