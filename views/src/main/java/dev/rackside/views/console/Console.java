package dev.rackside.views.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.rackside.services.api.AppReader;
import dev.rackside.services.api.RackReader;
import dev.rackside.services.model.App;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Snapshot;
import dev.rackside.themes.Role;
import dev.rackside.views.keys.Action;
import dev.rackside.views.keys.Key;
import dev.rackside.views.keys.Pane;
import dev.rackside.views.table.Row;
import dev.rackside.views.table.TableState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The full-screen console. One render thread owns the Screen; an input thread only queues keys; feed
 * listeners only set the dirty flag. A frame is drawn only when something changed, at most every 33 ms,
 * so an idle screen writes nothing: no clock, no spinner, ages refresh once a minute.
 */
public final class Console {
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(33);
    private static final Duration AGE_REFRESH = Duration.ofMinutes(1);

    private enum Mode { NORMAL, COMMAND, FILTER, HELP, DESCRIBE, PROMPT, LOG_FILTER, LOG_SEARCH }

    /** A question on the bottom line; {@code answer} runs on the render thread with what was typed. */
    private record Prompt(String label, StringBuilder text, java.util.function.Consumer<String> answer) {
    }

    private Optional<Prompt> prompt = Optional.empty();

    private final Screen screen;
    private final ConsoleContext ctx;
    private final Painter painter;
    private final PaneData data;
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final Deque<Location> stack = new ArrayDeque<>();
    private final Map<Location, TableState> tables = new HashMap<>();
    private final Map<Location, Long> shownVersion = new HashMap<>();
    /** Open log views; a view's streams stay open while its location is on the stack, and close after. */
    private final Map<Location, LogPane> logPanes = new HashMap<>();
    private final StringBuilder logInput = new StringBuilder();
    /** Per rack/app, the dangerous actions the kube user may not take (SelfSubjectAccessReview), when known. */
    private final Map<String, java.util.Set<String>> forbidden = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> checkingAccess = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final CommandLine commandLine = new CommandLine();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private Mode mode = Mode.NORMAL;
    private List<String> overlay = List.of();
    private int overlayScroll;
    private Optional<String> message = Optional.empty();
    private Instant lastAgeRefresh;
    private boolean autoOpened;
    private volatile long frames;

    private static final Object DIRTY = new Object();
    private final KeySource keys;

    /** Where keys come from: blocking until the next one. The real terminal's {@code readInput}. */
    @FunctionalInterface
    public interface KeySource {
        KeyStroke next() throws IOException;
    }

    public Console(Screen screen, ConsoleContext ctx) {
        this(screen, ctx, screen::readInput);
    }

    /**
     * @param keys the key source; Lanterna's virtual terminal holds its monitor while blocked in
     *             readInput, so tests poll it instead
     */
    public Console(Screen screen, ConsoleContext ctx, KeySource keys) {
        this.keys = keys;
        this.screen = screen;
        this.ctx = ctx;
        this.painter = new Painter(ctx.palette());
        this.data = new PaneData(ctx, this::markDirty);
        this.lastAgeRefresh = ctx.clock().instant();
        stack.push(ctx.initialRack().map(Location::apps).orElse(Location.racks()));
        this.message = ctx.notice();
    }

    /** Starts the render and input threads; returns at once. */
    public void start() {
        if (screen instanceof com.googlecode.lanterna.screen.TerminalScreen ts) {
            // SIGWINCH arrives on Lanterna's side; wake the render loop so it resizes and redraws at once.
            ts.getTerminal().addResizeListener((terminal, size) -> markDirty());
        }
        Thread render = new Thread(this::renderLoop, "rackside-render");
        Thread input = new Thread(this::inputLoop, "rackside-input");
        input.setDaemon(true);
        render.start();
        input.start();
        markDirty();
    }

    /** Blocks until the operator quits. */
    public void awaitQuit() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitQuit(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long framesDrawn() {
        return frames;
    }

    private void markDirty() {
        events.offer(DIRTY);
    }

    private void inputLoop() {
        while (running) {
            try {
                KeyStroke k = keys.next();
                if (k != null) {
                    events.offer(k);
                }
                if (k != null && k.getKeyType() == KeyType.EOF) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                return;
            }
        }
    }

    private void renderLoop() {
        long lastFrame = 0;
        boolean dirty = true;
        try {
            while (running) {
                long wait = dirty ? Math.max(0, lastFrame + FRAME_NANOS - System.nanoTime()) : nanosToNextTimer();
                Object e = events.poll(wait, TimeUnit.NANOSECONDS);
                while (e != null) {
                    if (e instanceof KeyStroke k) {
                        handle(k);
                    }
                    dirty = true;
                    e = events.poll();
                }
                if (!running) {
                    break;
                }
                if (timerDue()) {
                    dirty = true;
                }
                if (screen.doResizeIfNecessary() != null) {
                    dirty = true;
                }
                if (dirty && System.nanoTime() - lastFrame >= FRAME_NANOS) {
                    draw();
                    lastFrame = System.nanoTime();
                    dirty = false;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } catch (IOException io) {
            running = false;
        } finally {
            logPanes.values().forEach(LogPane::close);
            data.close();
            stopped.countDown();
        }
    }

    /** Time until a change mark fades or the minute's age refresh, whichever is first. */
    private long nanosToNextTimer() {
        Instant now = ctx.clock().instant();
        Instant next = lastAgeRefresh.plus(AGE_REFRESH);
        Optional<Instant> mark = currentTable().flatMap(TableState::nextMarkExpiry);
        if (mark.isPresent() && mark.get().isBefore(next)) {
            next = mark.get();
        }
        return Math.max(TimeUnit.MILLISECONDS.toNanos(5), Duration.between(now, next).toNanos());
    }

    private boolean timerDue() {
        Instant now = ctx.clock().instant();
        boolean due = currentTable().flatMap(TableState::nextMarkExpiry).map(t -> !t.isAfter(now)).orElse(false);
        if (!now.isBefore(lastAgeRefresh.plus(AGE_REFRESH))) {
            lastAgeRefresh = now;
            shownVersion.clear(); // ages are computed when rows are built: rebuild them
            due = hasAges(here().pane());
        }
        return due;
    }

    private static boolean hasAges(Pane p) {
        return p == Pane.PROCESSES || p == Pane.RELEASES || p == Pane.BUILDS || p == Pane.HISTORY;
    }

    private Location here() {
        return stack.peek();
    }

    private Optional<TableState> currentTable() {
        return Optional.ofNullable(tables.get(here()));
    }

    // ---- drawing ----------------------------------------------------------------------------------

    private void draw() throws IOException {
        TerminalSize size = screen.getTerminalSize();
        TextGraphics g = screen.newTextGraphics();
        Instant now = ctx.clock().instant();
        openTheOnlyRack();
        if (resultMessage.isPresent()) {
            message = resultMessage;
            resultMessage = Optional.empty();
        }
        Location loc = here();
        Optional<Rack> rack = loc.rack().flatMap(data::rack);
        Optional<PaneData.View> view = data.view(loc, now);
        Optional<String> lastError = view.flatMap(PaneData.View::error);
        painter.status(g, size.getColumns(), rack, ctx.readOnly(), lastError, ctx.version());
        painter.crumbs(g, size.getColumns(), loc);
        String tier = rack.map(r -> r.tier().label()).orElse("-");
        if (mode == Mode.HELP || mode == Mode.DESCRIBE) {
            painter.frame(g, size, mode == Mode.HELP ? "Help" : here().pane() == Pane.LOGS ? "Line" : "Describe", tier);
            painter.text(g, size, overlay, overlayScroll, Role.TEXT);
        } else if (loc.pane() == Pane.LOGS && loc.app().isPresent() && rack.isPresent()) {
            LogPane pane = logPane(loc, rack.get());
            painter.frame(g, size, pane.title(), tier);
            pane.draw(screen, g, size, painter);
        } else if (view.isPresent()) {
            TableState table = tables.computeIfAbsent(loc, l -> new TableState());
            PaneData.View v = view.get();
            if (!Long.valueOf(v.version()).equals(shownVersion.get(loc))) {
                table.update(v.headers(), v.rows().get(), now);
                shownVersion.put(loc, v.version());
            }
            String count = table.shown().size() == table.total() ? String.valueOf(table.total())
                    : table.shown().size() + "/" + table.total();
            String title = loc.pane().title() + loc.subject().filter(x -> loc.pane() == Pane.COMPLIANCE)
                    .map(x -> " " + x).orElse("") + " (" + count + ")"
                    + (table.filterText().isEmpty() ? "" : "  /" + table.filterText())
                    + (loc.pane() == Pane.COMPLIANCE ? "  " + data.compliance().summary(loc.rack().orElse("")) : "");
            painter.frame(g, size, title, tier);
            if (loc.pane() == Pane.RACKS && v.state() == Snapshot.State.READY && table.total() == 0) {
                painter.text(g, size, noRacks(), 0, Role.MUTED);
            } else {
                painter.table(g, size, table, v, now);
            }
        } else {
            painter.frame(g, size, loc.pane().title(), tier);
            painter.text(g, size, notBuiltYet(loc), 0, Role.MUTED);
        }
        painter.bottom(g, size, bottomLine(loc), bottomRole(), mode == Mode.COMMAND || mode == Mode.FILTER
                || mode == Mode.PROMPT || mode == Mode.LOG_FILTER || mode == Mode.LOG_SEARCH);
        screen.setCursorPosition(null);
        // AUTOMATIC: a delta normally, a complete redraw after a resize or when most cells changed.
        screen.refresh(Screen.RefreshType.AUTOMATIC);
        frames++;
    }

    /** With exactly one rack known, start in its apps as k9s starts in the current context; Esc goes back. */
    private void openTheOnlyRack() {
        if (autoOpened || stack.size() != 1 || here().pane() != Pane.RACKS) {
            return;
        }
        Snapshot<Rack> racks = data.racks().current();
        if (racks.state() == Snapshot.State.READY) {
            autoOpened = true;
            if (racks.rows().size() == 1 && racks.rows().get(0).context().isPresent()) {
                go(Location.apps(racks.rows().get(0).name()));
            }
        }
    }

    private String bottomLine(Location loc) {
        switch (mode) {
            case COMMAND:
                return ":" + commandLine.text() + "█";
            case PROMPT:
                return prompt.map(p -> p.label() + p.text() + "█").orElse("");
            case FILTER:
                return "/" + currentTable().map(TableState::filterText).orElse("") + "█"
                        + currentTable().flatMap(TableState::filterError).map(e -> "   (" + e + ")").orElse("");
            case LOG_FILTER:
                return "/" + logInput + "█   (regex over every buffered line; ! inverts; enter keeps, esc clears)";
            case LOG_SEARCH:
                return "search: " + logInput + "█   (regex; enter finds, n / N next / previous)";
            case HELP:
            case DESCRIBE:
                return "<esc> close  <j/k> scroll";
            default:
                if (message.isPresent()) {
                    return message.get();
                }
                return ctx.keymap().hints(loc.pane(), forbiddenHere());
        }
    }

    /**
     * The dangerous actions not allowed where the operator is: asked once per rack and app on the io
     * executor (the answer is cached), empty until it is known.
     */
    private java.util.Set<String> forbiddenHere() {
        Location loc = here();
        if (loc.rack().isEmpty() || ctx.readOnly()) {
            return java.util.Set.of();
        }
        Optional<String> app = loc.app().or(() -> loc.pane() == Pane.APPS ? selectedKey() : Optional.empty());
        Optional<Rack> rack = loc.rack().flatMap(data::rack);
        if (app.isEmpty() || rack.isEmpty()) {
            return java.util.Set.of();
        }
        String key = rack.get().name() + "/" + app.get();
        java.util.Set<String> known = forbidden.get(key);
        if (known == null && checkingAccess.add(key)) {
            ctx.io().execute(() -> {
                try {
                    forbidden.put(key, ctx.operations().forbidden(rack.get(), app.get()));
                } catch (RuntimeException e) {
                    forbidden.put(key, java.util.Set.of());
                } finally {
                    markDirty();
                }
            });
        }
        return known == null ? java.util.Set.of() : known;
    }

    private Role bottomRole() {
        return message.isPresent() && mode == Mode.NORMAL ? Role.WARN : Role.MUTED;
    }

    /** An empty racks list explains where racks come from instead of showing an empty table. */
    private List<String> noRacks() {
        List<String> lines = new ArrayList<>(List.of("", "No racks found.", "",
                "rackside finds racks in $XDG_CONFIG_HOME/rackside/racks.yaml (default ~/.config/rackside/racks.yaml),",
                "in every context of KUBECONFIG (namespaces labelled system=convox,type=rack), and in the Convox CLI's",
                "~/.config/convox/racks/. To explore without a cluster: rackside --sandbox.", ""));
        for (String p : data.rackProblems()) {
            lines.add("⚠ " + p);
        }
        lines.add("");
        lines.add(":racks looks again; :q quits.");
        return lines;
    }

    /** Panes whose issue has not landed say so instead of showing something made up. */
    private static List<String> notBuiltYet(Location loc) {
        String what = switch (loc.pane()) {
            case LOGS -> "Live logs" + loc.subject().map(s -> " of " + s).orElse("")
                    + " are not in this build yet: the log pane comes with the logs work (issue #5).";
            case COMPLIANCE -> "Choose a rack first: :rack NAME, then :compliance.";
            default -> "Choose an app first: :app NAME";
        };
        return List.of("", what, "", "Nothing is shown here rather than something made up.", "",
                "<esc> goes back.");
    }

    // ---- logs -------------------------------------------------------------------------------------

    private LogPane logPane(Location loc, Rack rack) {
        LogPane pane = logPanes.get(loc);
        if (pane == null) {
            pane = new LogPane(ctx, rack, LogSubject.query(loc), LogSubject.title(loc), this::markDirty);
            logPanes.put(loc, pane);
        }
        return pane;
    }

    /** Closes the streams of log views the operator has left (no longer anywhere on the stack). */
    private void closeLeftLogs() {
        logPanes.entrySet().removeIf(e -> {
            if (stack.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    private Optional<LogPane> currentLog() {
        return Optional.ofNullable(logPanes.get(here()));
    }

    /** Keys of the Logs pane; false when the action is not a log action. */
    private boolean logAction(String id) {
        Optional<LogPane> pane = currentLog();
        if (pane.isEmpty()) {
            return false;
        }
        dev.rackside.views.logs.LogViewState v = pane.get().view();
        int page = Math.max(1, screen.getTerminalSize().getRows() - 7);
        switch (id) {
            case "down", "down-arrow" -> v.move(1);
            case "up", "up-arrow" -> v.move(-1);
            case "page-down" -> v.move(page);
            case "page-up" -> v.move(-page);
            case "top", "home" -> v.first();
            case "bottom", "end" -> v.resume();
            case "follow" -> v.toggleFollow();
            case "wrap" -> v.toggleWrap();
            case "timestamps" -> v.toggleTimestamps();
            case "filter" -> {
                logInput.setLength(0);
                v.filter().ifPresent(f -> logInput.append(f.text()));
                mode = Mode.LOG_FILTER;
            }
            case "search" -> {
                logInput.setLength(0);
                mode = Mode.LOG_SEARCH;
            }
            case "next-match" -> message = v.next(1);
            case "prev-match" -> message = v.next(-1);
            case "pretty" -> v.selected().ifPresent(l -> showOverlay(Mode.DESCRIBE, LogSubject.inFull(l,
                    screen.getTerminalSize().getColumns() - 4)));
            case "jump" -> ask("jump to (HH:MM[:SS] UTC, RFC 3339, or -5m): ", "", t ->
                    dev.rackside.views.logs.TimeInput.parse(t, ctx.clock().instant()).ifPresentOrElse(
                            at -> message = v.jump(at),
                            () -> message = Optional.of("'" + t + "' is not a time: 10:05, 10:05:30, "
                                    + "2026-11-26T10:05:00Z or -5m")));
            case "export" -> askExport(pane.get());
            case "previous" -> {
                Optional<Location> prev = LogSubject.previous(here());
                if (prev.isPresent()) {
                    go(prev.get());
                } else {
                    message = Optional.of("the previous container's log is per process: open a process's logs "
                            + "first (Processes, then l)");
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void askExport(LogPane pane) {
        ask("export which lines (enter: all buffered; or FROM..TO, e.g. 10:00..10:05 or -10m..): ", "", range -> {
            Optional<Instant[]> r = LogSubject.range(range, ctx.clock().instant());
            if (r.isEmpty()) {
                message = Optional.of("'" + range + "' is not a range: FROM..TO with times like 10:05, -5m or "
                        + "2026-11-26T10:05:00Z");
                return;
            }
            java.nio.file.Path file = ctx.journal().file().toAbsolutePath().getParent().resolve("exports")
                    .resolve(LogSubject.fileName(here(), ctx.clock().instant()));
            ask("export to: ", file.toString(), path -> {
                message = Optional.of("exporting…");
                ctx.io().execute(() -> {
                    resultMessage = Optional.of(pane.export(java.nio.file.Path.of(path.strip()), r.get()[0],
                            r.get()[1]));
                    markDirty();
                });
            });
        });
    }

    private void logInputKey(KeyStroke k) {
        Optional<LogPane> pane = currentLog();
        if (pane.isEmpty()) {
            mode = Mode.NORMAL;
            return;
        }
        dev.rackside.views.logs.LogViewState v = pane.get().view();
        boolean filtering = mode == Mode.LOG_FILTER;
        switch (k.getKeyType()) {
            case Escape -> {
                if (filtering) {
                    v.filter("");
                }
                mode = Mode.NORMAL;
            }
            case Enter -> {
                mode = Mode.NORMAL;
                if (!filtering) {
                    message = v.search(logInput.toString());
                }
            }
            case Backspace -> {
                if (logInput.length() > 0) {
                    logInput.setLength(logInput.length() - 1);
                    if (filtering) {
                        v.filter(logInput.toString());
                    }
                }
            }
            case Character -> {
                logInput.append(k.getCharacter());
                if (filtering) {
                    v.filter(logInput.toString());
                }
            }
            default -> {
            }
        }
    }

    // ---- input ------------------------------------------------------------------------------------

    private void handle(KeyStroke k) {
        if (k.getKeyType() == KeyType.EOF) {
            quit();
            return;
        }
        if (k.getKeyType() == KeyType.Character && k.isCtrlDown() && k.getCharacter() == 'c') {
            quit();
            return;
        }
        switch (mode) {
            case COMMAND -> commandKey(k);
            case PROMPT -> promptKey(k);
            case FILTER -> filterKey(k);
            case LOG_FILTER, LOG_SEARCH -> logInputKey(k);
            case HELP, DESCRIBE -> overlayKey(k);
            default -> normalKey(k);
        }
    }

    private void normalKey(KeyStroke k) {
        message = Optional.empty();
        if (k instanceof com.googlecode.lanterna.input.MouseAction m) {
            // Only with --mouse: a click selects the row under it (data rows start below the header line).
            if (m.getActionType() == com.googlecode.lanterna.input.MouseActionType.CLICK_DOWN) {
                currentTable().ifPresent(t -> t.selectVisible(m.getPosition().getRow() - 4));
            }
            return;
        }
        Optional<Key> key = Key.of(k);
        Optional<Action> action = key.flatMap(x -> ctx.keymap().action(here().pane(), x));
        if (action.isEmpty()) {
            if (key.map(x -> x.spec().equals("esc")).orElse(false)) {
                back();
            }
            return;
        }
        if (here().pane() == Pane.LOGS && logAction(action.get().id())) {
            return;
        }
        if (action.get().dangerous() && forbiddenHere().contains(action.get().id())) {
            message = Optional.of(action.get().id() + ": your kube user may not do this here (the API server's "
                    + "SelfSubjectAccessReview says no); nothing was asked or changed");
            return;
        }
        Optional<TableState> table = currentTable();
        int page = Math.max(1, screen.getTerminalSize().getRows() - 6);
        switch (action.get().id()) {
            case "down", "down-arrow" -> table.ifPresent(t -> t.moveBy(1));
            case "up", "up-arrow" -> table.ifPresent(t -> t.moveBy(-1));
            case "top", "home" -> table.ifPresent(t -> t.select(0));
            case "bottom", "end" -> table.ifPresent(TableState::last);
            case "page-down" -> table.ifPresent(t -> t.moveBy(page));
            case "page-up" -> table.ifPresent(t -> t.moveBy(-page));
            case "open" -> open();
            case "back" -> back();
            case "command" -> {
                mode = Mode.COMMAND;
                commandLine.clear();
            }
            case "filter" -> {
                if (table.isPresent()) {
                    mode = Mode.FILTER;
                }
            }
            case "describe" -> describe();
            case "logs" -> selectedKey().ifPresent(s -> go(LogSubject.from(here(), s)));
            case "help" -> help();
            case "scale" -> selectedKey().ifPresent(this::askScale);
            case "restart" -> selectedKey().ifPresent(svc -> confirmThen("restart " + here().app().orElse("") + "/"
                    + svc, () -> ctx.operations().restart(rack(), here().app().orElseThrow(), Optional.of(svc))));
            case "lock" -> selectedKey().ifPresent(app -> {
                boolean locked = data.reader(here().rack().orElseThrow()).flatMap(r -> r.apps().current().rows()
                        .stream().filter(a -> a.name().equals(app)).findFirst()).map(App::locked).orElse(false);
                confirmThen((locked ? "unlock " : "lock ") + app, app,
                        () -> ctx.operations().lock(rack(), app, !locked));
            });
            case "promote" -> selectedKey().ifPresent(rid -> confirmThen("promote " + here().app().orElse("") + " "
                    + rid, () -> ctx.operations().promote(rack(), here().app().orElseThrow(), rid, DEPLOY_TIMEOUT,
                            deployProgress("promote " + rid))));
            case "rollback" -> selectedKey().ifPresent(rid -> confirmThen("roll " + here().app().orElse("")
                    + " back to " + rid, () -> ctx.operations().rollback(rack(), here().app().orElseThrow(), rid,
                            DEPLOY_TIMEOUT, deployProgress("rollback to " + rid))));
            case "cancel" -> confirmThen("cancel the deploy of " + here().app().orElse(""), () -> ctx.operations()
                    .cancel(rack(), here().app().orElseThrow(), DEPLOY_TIMEOUT, deployProgress("cancel")));
            case "rerun" -> here().rack().flatMap(data::rack).ifPresent(r -> data.compliance().run(r));
            case "framework" -> data.compliance().cycleFramework();
            case "status-filter" -> data.compliance().cycleStatus();
            case "tab-services" -> tab(Pane.SERVICES);
            case "tab-processes" -> tab(Pane.PROCESSES);
            case "tab-releases" -> tab(Pane.RELEASES);
            case "tab-builds" -> tab(Pane.BUILDS);
            case "tab-resources" -> tab(Pane.RESOURCES);
            default -> message = Optional.of(action.get().description() + ": not available in this build");
        }
    }

    // ---- actions that change the rack -----------------------------------------------------------------

    private dev.rackside.services.model.Rack rack() {
        return here().rack().flatMap(data::rack).orElseThrow(() -> new IllegalStateException("no rack"));
    }

    /** Convox's promote deadline; a deploy that needs longer is a deploy to look at. */
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(3000);

    /** A deploy's progress lines on the bottom line as they come (the journal and :logs have the rest). */
    private java.util.function.Consumer<String> deployProgress(String what) {
        return line -> {
            resultMessage = Optional.of(what + ": " + dev.rackside.services.text.Visible.of(line) + "  …");
            markDirty();
        };
    }

    private void askScale(String service) {
        String current = currentTable().flatMap(TableState::selectedRow).map(r -> r.cells().get(3)).orElse("");
        ask("scale " + here().app().orElse("") + "/" + service + " count (N or MIN-MAX): ", current, count ->
                confirmThen("scale " + here().app().orElse("") + "/" + service + " count=" + count,
                        () -> ctx.operations().scale(rack(), here().app().orElseThrow(), service, Optional.of(count),
                                Optional.empty(), Optional.empty())));
    }

    private void confirmThen(String what, java.util.function.Supplier<String> action) {
        confirmThen(what, here().app().orElse(""), action);
    }

    /**
     * Every change is confirmed: y on most racks, the app's name typed on production ones. The write runs on
     * the io executor; its result or refusal comes back on the bottom line.
     */
    private void confirmThen(String what, String appName, java.util.function.Supplier<String> action) {
        boolean production = here().rack().flatMap(data::rack)
                .map(r -> r.tier() == dev.rackside.services.model.Tier.PRODUCTION).orElse(false);
        String question = production ? "PRODUCTION rack: type " + appName + " to " + what + ": "
                : what + "? [y/N] ";
        ask(question, "", answer -> {
            boolean yes = production ? answer.trim().equals(appName)
                    : answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes");
            if (!yes) {
                message = Optional.of(what + ": not confirmed; nothing was changed");
                return;
            }
            message = Optional.of(what + ": working…");
            ctx.io().execute(() -> {
                String result;
                try {
                    result = action.get();
                } catch (RuntimeException e) {
                    result = "✗ " + e.getMessage();
                }
                resultMessage = Optional.of(result);
                markDirty();
            });
        });
    }

    private volatile Optional<String> resultMessage = Optional.empty();

    private void ask(String label, String initial, java.util.function.Consumer<String> answer) {
        prompt = Optional.of(new Prompt(label, new StringBuilder(initial), answer));
        mode = Mode.PROMPT;
    }

    private void promptKey(KeyStroke k) {
        Prompt p = prompt.orElse(null);
        if (p == null) {
            mode = Mode.NORMAL;
            return;
        }
        switch (k.getKeyType()) {
            case Escape -> {
                mode = Mode.NORMAL;
                message = Optional.of("cancelled; nothing was changed");
            }
            case Enter -> {
                mode = Mode.NORMAL;
                prompt = Optional.empty();
                p.answer().accept(p.text().toString());
            }
            case Backspace -> {
                if (p.text().length() > 0) {
                    p.text().setLength(p.text().length() - 1);
                }
            }
            case Character -> p.text().append(k.getCharacter());
            default -> {
            }
        }
    }

    private Optional<String> selectedKey() {
        return currentTable().flatMap(TableState::selectedRow).map(Row::key);
    }

    private void open() {
        Location loc = here();
        Optional<String> key = selectedKey();
        if (key.isEmpty()) {
            return;
        }
        switch (loc.pane()) {
            case RACKS -> go(Location.apps(key.get()));
            case APPS -> go(Location.app(loc.rack().orElseThrow(), key.get(), Pane.PROCESSES));
            case SERVICES, PROCESSES -> go(LogSubject.from(loc, key.get()));
            case COMPLIANCE -> {
                String subject = loc.subject().orElse("");
                if (subject.contains("/")) {
                    describe();
                } else {
                    go(loc.about(subject.isEmpty() ? key.get() : subject + "/" + key.get()));
                }
            }
            default -> describe();
        }
    }

    private void tab(Pane pane) {
        if (here().app().isPresent()) {
            Location to = here().withPane(pane);
            stack.pop();
            stack.push(to);
            closeLeftLogs();
        }
    }

    private void go(Location to) {
        if (!to.equals(here())) {
            stack.push(to);
        }
    }

    private void back() {
        Optional<LogPane> log = here().pane() == Pane.LOGS ? currentLog() : Optional.empty();
        if (log.isPresent() && (log.get().view().filter().isPresent() || log.get().view().search().isPresent())) {
            log.get().view().filter("");
            log.get().view().search("");
            return;
        }
        Optional<TableState> t = currentTable();
        if (t.isPresent() && !t.get().filterText().isEmpty()) {
            t.get().filter("");
            return;
        }
        if (stack.size() > 1) {
            stack.pop();
        }
        closeLeftLogs();
    }

    private void help() {
        List<String> lines = new ArrayList<>();
        lines.add("Keys in " + here().pane().title() + ":");
        for (Action a : ctx.keymap().actionsFor(here().pane())) {
            String key = ctx.keymap().keyOf(a.id()).map(Key::label).orElse("");
            lines.add(String.format("  %-10s %s%s", key, a.description(), !a.dangerous() ? ""
                    : forbiddenHere().contains(a.id()) ? "  (changes the rack; NOT ALLOWED for your kube user)"
                    : "  (changes the rack)"));
        }
        lines.add("");
        lines.add("Commands (type : then Tab completes, ↑/↓ walk the history):");
        lines.add("  :racks  :rack NAME  :apps  :app NAME  :ps  :services  :releases  :builds  :resources");
        lines.add("  :logs  :compliance  :history  :help  :q");
        lines.add("");
        lines.add("Filter: / then a regex over the whole row; start with ! to invert; <esc> clears.");
        if (here().pane() == Pane.LOGS) {
            lines.add("Logs: the filter narrows every buffered line, not just the screen. Moving up pauses the tail;");
            lines.add("  G follows again. :logs all adds CloudWatch (/convox/<rack>/<app>) for pods already gone.");
            lines.add("  Control characters from pods are shown as ^[ or \\u202e, never sent to the terminal.");
        }
        if (ctx.readOnly()) {
            lines.add("");
            lines.add("READ-ONLY: every action that changes a rack is switched off.");
        }
        showOverlay(Mode.HELP, lines);
    }

    private void describe() {
        Location loc = here();
        Optional<String> key = selectedKey();
        if (key.isEmpty()) {
            return;
        }
        Optional<String> yaml = switch (loc.pane()) {
            case RACKS -> data.rack(key.get()).map(Console::describeRack);
            case APPS -> loc.rack().flatMap(data::reader).flatMap(r -> r.describeApp(key.get()));
            case PROCESSES -> data.app(loc).flatMap(a -> a.describe(AppReader.Kind.PROCESS, key.get()));
            case SERVICES -> data.app(loc).flatMap(a -> a.describe(AppReader.Kind.SERVICE, key.get()));
            case RELEASES -> data.app(loc).flatMap(a -> a.describe(AppReader.Kind.RELEASE, key.get()));
            case BUILDS -> data.app(loc).flatMap(a -> a.describe(AppReader.Kind.BUILD, key.get()));
            case RESOURCES -> data.app(loc).flatMap(a -> a.describe(AppReader.Kind.RESOURCE, key.get()));
            case COMPLIANCE -> data.compliance().detail(loc, loc.rack().orElse(""), key.get())
                    .map(lines -> String.join("\n", lines));
            default -> Optional.empty();
        };
        if (yaml.isEmpty()) {
            message = Optional.of(key.get() + " is no longer in the cache");
            return;
        }
        showOverlay(Mode.DESCRIBE, yaml.get().lines().toList());
    }

    private static String describeRack(Rack r) {
        return String.join("\n", "name: " + r.name(), "rack: " + r.internalName(),
                "status: " + r.status().label(), "reason: " + r.reason().orElse(""),
                "context: " + r.context().orElse(""), "kubeconfig: " + r.kubeconfig().orElse("(KUBECONFIG)"),
                "region: " + r.effectiveRegion().orElse(""), "partition: " + r.partition(),
                "approvedRegions: " + r.approvedRegions(), "awsProfile: " + r.awsProfile().orElse(""),
                "tier: " + r.tier().label(), "readOnly: " + r.readOnly(),
                "version: " + r.facts().map(f -> f.version()).orElse(""),
                "domain: " + r.facts().flatMap(f -> f.domain()).orElse(""),
                "sources: " + r.sources().stream().map(s -> s.label()).toList());
    }

    private void showOverlay(Mode m, List<String> lines) {
        mode = m;
        overlay = lines;
        overlayScroll = 0;
    }

    private void overlayKey(KeyStroke k) {
        String key = Key.of(k).map(Key::spec).orElse("");
        int max = Math.max(0, overlay.size() - 1);
        switch (key) {
            case "esc", "q", "?" -> mode = Mode.NORMAL;
            case "j", "down" -> overlayScroll = Math.min(max, overlayScroll + 1);
            case "k", "up" -> overlayScroll = Math.max(0, overlayScroll - 1);
            case "pgdn", " " -> overlayScroll = Math.min(max, overlayScroll + 10);
            case "pgup" -> overlayScroll = Math.max(0, overlayScroll - 10);
            case "g", "home" -> overlayScroll = 0;
            case "G", "end" -> overlayScroll = max;
            default -> {
            }
        }
    }

    private void filterKey(KeyStroke k) {
        TableState t = currentTable().orElse(null);
        if (t == null) {
            mode = Mode.NORMAL;
            return;
        }
        switch (k.getKeyType()) {
            case Escape -> {
                t.filter("");
                mode = Mode.NORMAL;
            }
            case Enter -> mode = Mode.NORMAL;
            case Backspace -> t.filter(t.filterText().isEmpty() ? "" : t.filterText().substring(0,
                    t.filterText().length() - 1));
            case Character -> t.filter(t.filterText() + k.getCharacter());
            default -> {
            }
        }
    }

    private void commandKey(KeyStroke k) {
        switch (k.getKeyType()) {
            case Escape -> mode = Mode.NORMAL;
            case Enter -> {
                mode = Mode.NORMAL;
                String line = commandLine.text();
                commandLine.remember(line);
                run(line);
            }
            case Backspace -> commandLine.backspace();
            case Tab -> commandLine.complete(this::names);
            case ArrowUp -> commandLine.older();
            case ArrowDown -> commandLine.newer();
            case Character -> commandLine.type(k.getCharacter());
            default -> {
            }
        }
    }

    /** Completion candidates for the argument of {@code command}. */
    private List<String> names(String command) {
        if (command.equals("rack")) {
            return data.racks().current().rows().stream().map(Rack::name).toList();
        }
        if (command.equals("app")) {
            return here().rack().flatMap(data::reader).map(r -> r.apps().current().rows().stream()
                    .map(App::name).toList()).orElse(List.of());
        }
        return List.of();
    }

    private void run(String line) {
        CommandLine.Parsed p = CommandLine.parse(line);
        Location loc = here();
        switch (p.command().toLowerCase(Locale.ROOT)) {
            case "" -> {
            }
            case "q", "quit" -> quit();
            case "racks" -> {
                data.refreshRacks();
                go(Location.racks());
            }
            case "rack" -> p.argument().ifPresentOrElse(r -> go(Location.apps(r)),
                    () -> message = Optional.of(":rack needs a name (Tab completes)"));
            case "apps" -> loc.rack().ifPresentOrElse(r -> go(Location.apps(r)),
                    () -> message = Optional.of("choose a rack first: :rack NAME"));
            case "app" -> {
                if (loc.rack().isEmpty()) {
                    message = Optional.of("choose a rack first: :rack NAME");
                } else if (p.argument().isEmpty()) {
                    message = Optional.of(":app needs a name (Tab completes)");
                } else {
                    go(Location.app(loc.rack().get(), p.argument().get(), Pane.PROCESSES));
                }
            }
            case "ps" -> appPane(Pane.PROCESSES);
            case "services" -> appPane(Pane.SERVICES);
            case "releases" -> appPane(Pane.RELEASES);
            case "builds" -> appPane(Pane.BUILDS);
            case "resources" -> appPane(Pane.RESOURCES);
            case "logs" -> {
                if (loc.app().isEmpty()) {
                    message = Optional.of("choose an app first: :app NAME");
                } else {
                    Optional<Location> to = LogSubject.command(loc, p.argument());
                    to.ifPresentOrElse(this::go, () -> message = Optional.of(":logs [pods|cloudwatch|all]"));
                }
            }
            case "compliance" -> go(loc.withPane(Pane.COMPLIANCE));
            case "history" -> go(loc.withPane(Pane.HISTORY));
            case "help" -> help();
            default -> message = Optional.of("unknown command :" + p.command() + " (:help lists them)");
        }
    }

    private void appPane(Pane pane) {
        if (here().app().isEmpty()) {
            message = Optional.of("choose an app first: :app NAME");
        } else {
            go(here().withPane(pane));
        }
    }

    private void quit() {
        running = false;
        events.offer(DIRTY);
    }

    /** For tests and the launcher: whether the render loop has ended. */
    public boolean stopped() {
        return stopped.getCount() == 0;
    }

    /** The reader of a rack once it is open, for callers that share the console's connections. */
    Optional<RackReader> readerIfOpen(String rack) {
        return data.reader(rack);
    }

    /** The log view being shown, if the Logs pane is open (benchmarks read its buffer and counters). */
    public Optional<dev.rackside.views.logs.LogViewState> shownLog() {
        LogPane pane = logPanes.get(here());
        return pane == null ? Optional.empty() : Optional.of(pane.view());
    }

    /** The latest snapshot state of the pane being shown (tests wait on it). */
    Optional<Snapshot.State> shownState() {
        return data.view(here(), ctx.clock().instant()).map(PaneData.View::state);
    }
}
