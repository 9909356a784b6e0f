package io.ipvsdirector.keepalived;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds statement trees from the logical lines. A statement is the words of a line up to a brace or
 * the line's end; {@code {} opens its block (also from the start of the next line, for the
 * brace-on-its-own-line style), {@code }} closes it. A stray {@code }} is ignored and a block still open
 * at the end of the input is closed there, as keepalived does; both are findings.
 */
final class Parser {
    private final List<Token> tokens = new ArrayList<>();
    private final List<Boolean> lineStarts = new ArrayList<>();
    private final Report report;
    private int next;

    private Parser(List<LogicalLine> lines, Report report) {
        this.report = report;
        for (LogicalLine line : lines) {
            List<Token> t = Tokenizer.tokens(line);
            for (int i = 0; i < t.size(); i++) {
                tokens.add(t.get(i));
                lineStarts.add(i == 0);
            }
        }
    }

    static List<KNode> parse(List<LogicalLine> lines, Report report) {
        return new Parser(lines, report).block(null);
    }

    /** Statements up to the {@code }} closing {@code opener}'s block, or to the end for the top level. */
    private List<KNode> block(KNode opener) {
        List<KNode> out = new ArrayList<>();
        while (next < tokens.size()) {
            Token t = tokens.get(next);
            if (t.is("}")) {
                next++;
                if (opener != null) {
                    return out;
                }
                report.dropped(t.pos(), "}", "has no matching '{' (keepalived ignores it, so did the importer)");
                continue;
            }
            if (t.is("{")) {
                // A brace at the start of a line opens the block of the statement on the line before.
                next++;
                KNode previous = out.isEmpty() ? null : out.get(out.size() - 1);
                if (previous != null && !previous.isBlock()) {
                    out.set(out.size() - 1, new KNode(previous.keyword(), previous.args(), block(previous), previous.pos()));
                } else {
                    report.dropped(t.pos(), "{", "opens a block without a keyword; its contents were skipped");
                    block(new KNode("{", List.of(), List.of(), t.pos()));
                }
                continue;
            }
            out.add(statement());
        }
        if (opener != null) {
            report.dropped(opener.pos(), opener.keyword(), "block is never closed with '}' (keepalived closes it at the end"
                    + " of the file and may read later sections into it; so did the importer)");
        }
        return out;
    }

    private KNode statement() {
        Token first = tokens.get(next++);
        List<String> args = new ArrayList<>();
        while (next < tokens.size() && !lineStarts.get(next)) {
            Token t = tokens.get(next);
            if (t.is("{")) {
                next++;
                KNode head = new KNode(first.text(), args, null, first.pos());
                return new KNode(first.text(), args, block(head), first.pos());
            }
            if (t.is("}")) {
                break;
            }
            args.add(t.text());
            next++;
        }
        return new KNode(first.text(), args, null, first.pos());
    }
}
