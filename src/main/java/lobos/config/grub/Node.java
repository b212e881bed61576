package lobos.config.grub;

import java.util.List;

/** A parsed GRUB script statement (grub-core/script/parser.y has the same shapes). */
sealed interface Node {
    int line();

    /**
     * A command with its words; {@code block} is the trailing {@code { ... }} that
     * {@code menuentry}, {@code submenu} and a few other commands take, or null.
     */
    record Command(List<Word> words, List<Node> block, int line) implements Node {}

    /** {@code if}; an {@code elif} chain is an If inside {@code otherwise}. */
    record If(List<Node> condition, List<Node> then, List<Node> otherwise, int line) implements Node {}

    record For(String name, List<Word> items, List<Node> body, int line) implements Node {}

    /** {@code while} or, with {@code until} set, {@code until}. */
    record Loop(List<Node> condition, List<Node> body, boolean until, int line) implements Node {}

    record Function(String name, List<Node> body, int line) implements Node {}
}
