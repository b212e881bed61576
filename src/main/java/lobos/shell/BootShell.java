package lobos.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import lobos.config.BootEntry;
import lobos.path.PathResolver;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;

/**
 * The boot shell on a terminal: JLine's line editing, history (for the session) and completion
 * of commands, labels, devices and paths; each line goes to the session's {@link Interpreter}.
 */
final class BootShell {
    private final Session session;

    BootShell(Session session) {
        this.session = session;
    }

    /** Runs until {@code menu} or {@code exit} (which it returns), or null when input ends. */
    Interpreter.Next run() {
        Interpreter interpreter = session.interpreter();
        LineReader reader = LineReaderBuilder.builder()
                .terminal(session.terminal())
                .completer(completer(session))
                .history(session.history())
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .variable(LineReader.HISTORY_SIZE, 500)
                .build();
        session.out().println("lobos boot shell: help lists the commands, menu goes back to the menu.");
        while (true) {
            String line;
            try {
                line = reader.readLine("lobos:" + interpreter.cwd().text() + "> ");
            } catch (UserInterruptException e) {
                continue; // Ctrl-C drops the line
            } catch (EndOfFileException e) {
                return null;
            }
            Interpreter.Next next = interpreter.run(line);
            if (next != Interpreter.Next.STAY) return next;
        }
    }

    static Completer completer(Session session) {
        Completions completions = new Completions(location -> session.loader().locator().list(location));
        return (reader, line, candidates) -> {
            Interpreter interpreter = session.interpreter();
            List<String> names = new ArrayList<>(Interpreter.COMMANDS.keySet());
            names.addAll(session.loader().commands().keySet());
            names.addAll(interpreter.variables().keySet());
            session.loader().conf().labels().forEach(l -> names.add(l.name()));
            session.loader().menu().entries().stream().filter(e -> !e.hidden()).map(BootEntry::id).forEach(names::add);
            var devices = session.loader().deviceNames();
            PathResolver resolver = new PathResolver(new PathResolver.Context(new TreeSet<>(interpreter.variables().keySet()),
                    devices, interpreter.cwd()));
            for (Completions.Candidate c : completions.complete(line.wordIndex(), line.word().substring(0,
                    line.wordCursor()), names, devices, resolver)) {
                candidates.add(new Candidate(c.word(), c.word(), null, null, null, null, c.complete()));
            }
        };
    }
}
