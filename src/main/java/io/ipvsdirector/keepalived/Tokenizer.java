package io.ipvsdirector.keepalived;

import java.util.ArrayList;
import java.util.List;

/** Splits a logical line into words, double-quoted strings and braces (a brace is a token even when glued to a word). */
final class Tokenizer {
    private Tokenizer() {
    }

    static List<Token> tokens(LogicalLine line) {
        List<Token> out = new ArrayList<>();
        String s = line.text();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '{' || c == '}') {
                out.add(new Token(String.valueOf(c), false, line.pos()));
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                // An unterminated quote runs to the end of the line, as in keepalived.
                int stop = end < 0 ? s.length() : end;
                out.add(new Token(s.substring(i + 1, stop), true, line.pos()));
                i = end < 0 ? s.length() : end + 1;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "{}\"".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), false, line.pos()));
            }
        }
        return out;
    }

    /** A value without its surrounding double quotes. */
    static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
