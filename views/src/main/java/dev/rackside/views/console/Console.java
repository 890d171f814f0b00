package dev.rackside.views.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.rackside.services.api.Confirmation;
import dev.rackside.services.api.Mutation;
import dev.rackside.services.api.Operations;
import dev.rackside.services.api.Outcome;
import dev.rackside.services.api.Services;
import dev.rackside.services.model.Rack;
import dev.rackside.services.model.Snapshot;
import dev.rackside.services.text.Visible;
import dev.rackside.themes.Role;
import dev.rackside.views.keys.Action;
import dev.rackside.views.keys.Key;
import dev.rackside.views.keys.Keymap;
import dev.rackside.views.keys.Pane;
import dev.rackside.views.logs.LogViewState;
import dev.rackside.views.style.Palette;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The full-screen console: the render and input threads, frame pacing, the keys every pane shares and the
 * chrome around the pane (status line, breadcrumbs, frame, bottom line). Panes are {@link PaneController}s on
 * a {@link Navigator}; their keys are their {@link Binding}s. One render thread owns the Screen; the input thread
 * only queues keys; feed listeners only mark the frame dirty. A frame is drawn only when something changed, at
 * most every 33 ms, so an idle screen writes nothing.
 */
public final class Console implements Ui {
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(33);
    private static final Object DIRTY = new Object();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Console.class);

    /** Where keys come from: blocking until the next one. The real terminal's {@code readInput}. */
    @FunctionalInterface
    public interface KeySource {
        KeyStroke next() throws IOException;
    }

    private final Screen screen;
    private final Services services;
    private final ConsoleSettings settings;
    private final KeySource keys;
    private final Painter painter;
    private final RackData data;
    private final ComplianceRuns complianceRuns;
    private final DeployTracker deploys;
    private final SourceDeploys sourceDeploys;
    private final Tunnels tunnels = new Tunnels();
    private final Navigator navigator;
    private final Commands commands = ConsoleCommands.table();
    private final LineEditor.History commandHistory = new LineEditor.History();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Map<String, Set<Mutation>> forbidden = new ConcurrentHashMap<>();
    private final Set<String> checkingAccess = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    /** A session (exec, run) has the terminal: the input thread does not read it and nothing is drawn. */
    private volatile boolean suspended;
    private volatile Optional<Throwable> failure = Optional.empty();
    private volatile Optional<String> resultMessage = Optional.empty();
    private volatile long frames;
    private Optional<String> message;
    private Editing editing;
    private Confirming confirming;
    private Overlay overlay;
    private boolean autoOpened;

    /** The line editor on the bottom line, and what its Enter and Esc do. */
    private record Editing(LineEditor editor, Consumer<String> submitted, Runnable cancelled) {
    }

    /** A y/N question waiting for its one key. */
    private record Confirming(Confirmation.Question question, Runnable yes) {
    }

    public Console(Screen screen, Services services, ConsoleSettings settings) {
        this(screen, services, settings, null);
    }

    /**
     * The real terminal's keys: polled, so that while a session has the terminal (exec, run) nothing here reads
     * from it.
     */
    private KeyStroke pollTerminal() throws IOException {
        while (running) {
            if (!suspended) {
                KeyStroke k = screen.pollInput();
                if (k != null) {
                    return k;
                }
            }
            try {
                Thread.sleep(suspended ? 50 : 8);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /**
     * @param keys the key source; Lanterna's virtual terminal holds its monitor while blocked in readInput, so
     *             tests poll it instead
     */
    public Console(Screen screen, Services services, ConsoleSettings settings, KeySource keys) {
        this.screen = screen;
        this.services = services;
        this.settings = settings;
        this.keys = keys == null ? this::pollTerminal : keys;
        this.painter = new Painter(settings.palette());
        this.data = new RackData(services, this::dirty);
        this.complianceRuns = new ComplianceRuns(services, this::dirty);
        this.deploys = new DeployTracker(this::dirty);
        this.sourceDeploys = new SourceDeploys(deploys);
        this.message = settings.notice();
        this.navigator = new Navigator(loc -> Panes.create(this, loc),
                settings.initialRack().map(Location::apps).orElse(Location.racks()));
    }

    // ---- life ---------------------------------------------------------------------------------------

    /** Starts the render and input threads; returns at once. */
    public void start() {
        if (screen instanceof com.googlecode.lanterna.screen.TerminalScreen ts) {
            // SIGWINCH arrives on Lanterna's side; wake the render loop so it resizes and redraws at once.
            ts.getTerminal().addResizeListener((terminal, size) -> dirty());
        }
        Thread render = new Thread(this::renderLoop, "rackside-render");
        Thread input = new Thread(this::inputLoop, "rackside-input");
        input.setDaemon(true);
        render.start();
        input.start();
        dirty();
    }

    public void awaitQuit() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitQuit(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean stopped() {
        return stopped.getCount() == 0;
    }

    /** What stopped the render thread, if something did: the launcher reports it and exits non-zero. */
    public Optional<Throwable> failure() {
        return failure;
    }

    public long framesDrawn() {
        return frames;
    }

    void quit() {
        running = false;
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
                long wait = dirty ? Math.max(0, lastFrame + FRAME_NANOS - System.nanoTime()) : nanosToWake();
                Object e = events.poll(wait, TimeUnit.NANOSECONDS);
                while (e != null) {
                    if (e instanceof KeyStroke k) {
                        handle(k);
                    } else if (e instanceof Runnable onRenderThread) {
                        onRenderThread.run();
                    }
                    dirty = true;
                    e = events.poll();
                }
                if (!running) {
                    break;
                }
                if (wakeDue()) {
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
        } catch (RuntimeException | Error unexpected) {
            // Never die silently: logged with its stack, reported by the launcher after the screen is restored.
            LOG.error("the console stopped", unexpected);
            failure = Optional.of(unexpected);
        } finally {
            running = false;
            tunnels.closeAll();
            navigator.closeAll();
            data.close();
            stopped.countDown();
        }
    }

    private long nanosToWake() {
        Instant now = services.clock().instant();
        Instant next = navigator.current().nextWake(now).orElse(now.plus(Duration.ofMinutes(1)));
        return Math.max(TimeUnit.MILLISECONDS.toNanos(5), Duration.between(now, next).toNanos());
    }

    private boolean wakeDue() {
        Instant now = services.clock().instant();
        return navigator.current().nextWake(now).map(t -> !t.isAfter(now)).orElse(false);
    }

    // ---- drawing ----------------------------------------------------------------------------------

    private void draw() throws IOException {
        TerminalSize size = screen.getTerminalSize();
        TextGraphics g = screen.newTextGraphics();
        Instant now = services.clock().instant();
        openTheOnlyRack();
        Optional<String> result = resultMessage;
        if (result.isPresent()) {
            message = result;
            resultMessage = Optional.empty();
        }
        PaneController pane = navigator.current();
        pane.refresh(now);
        Location loc = pane.location();
        Optional<Rack> rack = loc.rack().flatMap(this::rack);
        String tier = rack.map(r -> r.tier().label()).orElse("-");
        painter.status(g, size.getColumns(), rack, services.readOnly(), pane.error(), services.version(),
                statusNote(loc));
        painter.crumbs(g, size.getColumns(), loc);
        if (overlay != null) {
            painter.frame(g, size, overlay.title(), tier);
            painter.text(g, size, overlay.shown(size.getColumns() - 4), overlay.scroll(), Role.TEXT);
        } else {
            painter.frame(g, size, title(pane), tier);
            if (loc.pane() == Pane.RACKS && pane.state().equals(Optional.of(Snapshot.State.READY))
                    && data.racks().current().rows().isEmpty()) {
                painter.text(g, size, noRacks(), 0, Role.MUTED);
            } else {
                pane.draw(new Canvas(screen, g, size, painter, now));
            }
        }
        painter.bottom(g, size, bottomLine(pane, size.getColumns()), editing != null || confirming != null ? Role.MUTED
                : message.isPresent() ? Role.WARN : Role.MUTED, editing != null || confirming != null);
        screen.setCursorPosition(null);
        // AUTOMATIC: a delta normally, a complete redraw after a resize or when most cells changed.
        screen.refresh(Screen.RefreshType.AUTOMATIC);
        frames++;
    }

    /** The pane's title, plus the deploy of its app when one runs ("deploying R… 2/3 ready, rolls back at …"). */
    private String title(PaneController pane) {
        Location loc = pane.location();
        String t = pane.title();
        if (loc.rack().isPresent() && loc.app().isPresent()) {
            Optional<dev.rackside.services.model.DeployState> d = deploys.state(loc.rack().get(), loc.app().get());
            if (d.isPresent() && !d.get().done()) {
                t += "  " + d.get().summary();
            }
        }
        return t;
    }

    /** What else the status line says: deploys in flight on this rack. */
    private Optional<String> statusNote(Location loc) {
        Optional<String> proxies = tunnels.summary();
        if (loc.rack().isEmpty()) {
            return proxies;
        }
        List<dev.rackside.services.model.DeployState> running = deploys.running(loc.rack().get());
        if (running.isEmpty()) {
            return proxies;
        }
        String deploy = running.get(0).app() + ": " + running.get(0).summary()
                + (running.size() > 1 ? " (+" + (running.size() - 1) + " more)" : "");
        return Optional.of(proxies.map(p -> deploy + "  " + p).orElse(deploy));
    }

    private String bottomLine(PaneController pane, int columns) {
        if (editing != null) {
            return editing.editor().render(columns);
        }
        if (confirming != null) {
            return confirming.question().prompt() + "█";
        }
        if (overlay != null) {
            return "<esc> close  <j/k> scroll";
        }
        if (message.isPresent()) {
            return message.get();
        }
        Optional<Rack> rack = pane.location().rack().flatMap(this::rack);
        Set<String> off = new java.util.HashSet<>();
        rack.ifPresent(r -> forbidden(r, pane.location().app()).forEach(m -> off.add(actionFor(m))));
        return settings.keymap().hints(pane.location().pane(), off, readOnly(rack), columns);
    }

    private static String actionFor(Mutation m) {
        return switch (m) {
            case LOCK, UNLOCK -> "lock";
            default -> m.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** With exactly one rack known, start in its apps as k9s starts in the current context; Esc goes back. */
    private void openTheOnlyRack() {
        if (autoOpened || navigator.depth() != 1 || navigator.here().pane() != Pane.RACKS) {
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

    // ---- keys ---------------------------------------------------------------------------------------

    private void handle(KeyStroke k) {
        if (k.getKeyType() == KeyType.EOF || k.getKeyType() == KeyType.Character && k.isCtrlDown()
                && k.getCharacter() == 'c') {
            quit();
            return;
        }
        if (editing != null) {
            Editing e = editing;
            switch (e.editor().key(k)) {
                case SUBMITTED -> {
                    editing = null;
                    e.submitted().accept(e.editor().text());
                }
                case CANCELLED -> {
                    editing = null;
                    e.cancelled().run();
                }
                default -> {
                }
            }
            return;
        }
        if (confirming != null) {
            Confirming c = confirming;
            confirming = null;
            boolean yes = k.getKeyType() == KeyType.Character && !k.isCtrlDown() && !k.isAltDown()
                    && Character.toLowerCase(k.getCharacter()) == 'y';
            if (yes) {
                c.yes().run();
            } else {
                message = Optional.of(c.question().declined());
            }
            return;
        }
        if (overlay != null) {
            if (!overlay.key(k, pageRows())) {
                overlay = null;
            }
            return;
        }
        normalKey(k);
    }

    private void normalKey(KeyStroke k) {
        message = Optional.empty();
        PaneController pane = navigator.current();
        if (k instanceof com.googlecode.lanterna.input.MouseAction m) {
            // Only with --mouse: a click selects the row under it (data rows start below the header line).
            if (m.getActionType() == com.googlecode.lanterna.input.MouseActionType.CLICK_DOWN
                    && pane instanceof TablePane<?> t) {
                t.table().selectVisible(m.getPosition().getRow() - 4);
            }
            return;
        }
        Optional<Key> key = Key.of(k);
        Optional<Action> action = key.flatMap(x -> settings.keymap().action(pane.location().pane(), x));
        if (action.isEmpty()) {
            if (key.map(x -> x.spec().equals("esc")).orElse(false)) {
                back();
            }
            return;
        }
        switch (action.get().id()) {
            case "command" -> edit(LineEditor.command(commandHistory, t -> commands.complete(this, t)),
                    line -> commands.run(this, line), () -> { });
            case "help" -> help();
            case "back" -> back();
            default -> dispatch(pane, action.get());
        }
    }

    /** The pane's binding for the action: its disabled reason said, else its handler run. */
    private void dispatch(PaneController pane, Action action) {
        for (Binding b : pane.bindings()) {
            if (b.action().equals(action.id())) {
                Optional<String> off = b.disabled().get();
                if (off.isPresent()) {
                    message = Optional.of(off.get());
                } else {
                    b.handler().run();
                }
                return;
            }
        }
        message = Optional.of(action.description() + ": nothing to do here");
    }

    void back() {
        if (navigator.current().escape()) {
            return;
        }
        navigator.up();
    }

    void help() {
        PaneController pane = navigator.current();
        Location loc = pane.location();
        Optional<Rack> rack = loc.rack().flatMap(this::rack);
        boolean ro = readOnly(rack);
        Set<Mutation> no = rack.map(r -> forbidden(r, loc.app())).orElse(Set.of());
        List<String> lines = new ArrayList<>();
        lines.add("Keys in " + loc.pane().title() + " (action id in brackets, for keymap.yaml):");
        for (Action a : settings.keymap().actionsFor(loc.pane())) {
            if (ro && a.dangerous()) {
                continue;
            }
            String k = settings.keymap().keyOf(a.id()).map(Key::label).orElse("");
            boolean notAllowed = Mutation.byId(a.id()).map(no::contains).orElse(false);
            lines.add(String.format("  %-8s %-40s [%s]%s", k, a.description(), a.id(), !a.dangerous() ? ""
                    : notAllowed ? "  changes the rack; NOT ALLOWED for your kube user" : "  changes the rack"));
        }
        lines.add("");
        lines.add("Commands (type : then Tab completes, ↑/↓ walk the history):");
        for (Commands.Command c : commands.all()) {
            lines.add(String.format("  :%-22s %s", c.usage(), c.help()));
        }
        lines.add("");
        lines.add("Filter: / then a regex over the whole row; start with ! to invert; <esc> clears.");
        lines.add("Esc goes up the breadcrumbs. ←/→ scroll columns a narrow screen hides (marked ›).");
        if (loc.pane() == Pane.LOGS) {
            lines.add("Logs: the filter narrows every buffered line, not just the screen. Moving up pauses the tail;");
            lines.add("  G follows again. 0-5 show the last 1m/5m/15m/1h/6h/all. :logs all adds CloudWatch.");
            lines.add("  Control characters from pods are shown as ^[ or \\u202e, never sent to the terminal.");
        }
        if (ro) {
            lines.add("");
            lines.add("READ-ONLY: every action that changes a rack is switched off.");
        }
        overlay("Help", lines);
    }

    // ---- Ui -----------------------------------------------------------------------------------------

    @Override
    public Services services() {
        return services;
    }

    ConsoleSettings settings() {
        return settings;
    }

    ComplianceRuns complianceRuns() {
        return complianceRuns;
    }

    Navigator navigator() {
        return navigator;
    }

    @Override
    public Keymap keymap() {
        return settings.keymap();
    }

    @Override
    public Palette palette() {
        return settings.palette();
    }

    @Override
    public void go(Location to) {
        navigator.push(to);
    }

    @Override
    public void replace(Location to) {
        navigator.replace(to);
    }

    @Override
    public void message(String text) {
        message = Optional.of(text);
    }

    @Override
    public void ask(String label, String initial, Function<String, Optional<String>> check, Consumer<String> answer) {
        edit(LineEditor.question(label, initial, check), answer,
                () -> message = Optional.of("cancelled; nothing was changed"));
    }

    @Override
    public void edit(LineEditor editor, Consumer<String> submitted, Runnable cancelled) {
        editing = new Editing(editor, submitted, cancelled);
    }

    @Override
    public void change(Rack rack, Mutation m, String summary, String confirmName, Supplier<Outcome> action) {
        Optional<String> refused = Confirmation.refusal(rack, services.readOnly(), m);
        if (refused.isPresent()) {
            message = refused;
            return;
        }
        Confirmation.Question q = Confirmation.ask(rack, summary, confirmName);
        Runnable go = () -> {
            message = Optional.of(summary + ": working…");
            background(() -> {
                Outcome o = action.get();
                return o.ok() ? o.message() : "✗ " + o.message();
            });
        };
        confirmThen(q, summary, go);
    }

    @Override
    public void session(Rack rack, Mutation m, String summary, String confirmName,
            java.util.function.Function<dev.rackside.services.api.Terminal, Operations.Session> session) {
        consent(rack, m, summary, confirmName, () -> handOver(summary, session));
    }

    @Override
    public void consent(Rack rack, Mutation m, String summary, String confirmName, Runnable go) {
        Optional<String> refused = Confirmation.refusal(rack, services.readOnly(), m);
        if (refused.isPresent()) {
            message = refused;
            return;
        }
        if (!Confirmation.asks(rack, m)) {
            go.run();
            return;
        }
        Confirmation.Question q = Confirmation.ask(rack, summary, confirmName);
        confirmThen(q, summary, go);
    }

    /** The question on the bottom line: one key for y/N, the name typed on production; then {@code go}. */
    private void confirmThen(Confirmation.Question q, String summary, Runnable go) {
        if (q.kind() == Confirmation.Kind.YES_NO) {
            confirming = new Confirming(q, go);
        } else {
            edit(LineEditor.question(q.prompt(), "", t -> Optional.empty()), t -> {
                if (q.accepts(t)) {
                    go.run();
                } else {
                    message = Optional.of(q.declined());
                }
            }, () -> message = Optional.of(summary + ": cancelled; nothing was changed"));
        }
    }

    @Override
    public Tunnels tunnels() {
        return tunnels;
    }

    /**
     * On the render thread: the screen is stopped, the terminal put in raw mode and given to the session, and
     * when it ends the terminal's mode is put back, the screen started again and drawn in full.
     */
    private void handOver(String summary, java.util.function.Function<dev.rackside.services.api.Terminal,
            Operations.Session> session) {
        if (!(screen instanceof com.googlecode.lanterna.screen.TerminalScreen)) {
            message = Optional.of(summary + ": needs a real terminal");
            return;
        }
        suspended = true;
        Operations.Session s;
        try {
            screen.stopScreen();
            try (dev.rackside.views.terminal.RawTerminal t = dev.rackside.views.terminal.RawTerminal.open()) {
                t.output().write(("rackside: " + Visible.of(summary) + " (the console comes back when it ends)\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                s = session.apply(t);
            }
        } catch (IOException | RuntimeException e) {
            s = Operations.Session.of(new Outcome(Outcome.Kind.FAILED, summary + " failed: " + e.getMessage(),
                    Optional.empty()));
        } finally {
            try {
                screen.startScreen();
                screen.refresh(Screen.RefreshType.COMPLETE);
            } catch (IOException e) {
                failure = Optional.of(e);
            }
            suspended = false;
        }
        Operations.Session done = s;
        message = Optional.of(done.outcome().ok() ? done.outcome().message() : "✗ " + done.outcome().message());
        dirty();
    }

    @Override
    public void overlay(String title, List<String> lines) {
        overlay = new Overlay(title, lines);
    }

    @Override
    public void background(Supplier<String> work) {
        services.io().execute(() -> {
            String result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                LOG.warn("background work failed", e);
                result = "✗ " + e.getMessage();
            }
            resultMessage = Optional.of(result);
            dirty();
        });
    }

    @Override
    public <T> void background(Supplier<T> work, Consumer<T> then) {
        services.io().execute(() -> {
            try {
                T result = work.get();
                events.offer((Runnable) () -> then.accept(result));
            } catch (RuntimeException e) {
                LOG.warn("background work failed", e);
                events.offer((Runnable) () -> message = Optional.of("✗ " + e.getMessage()));
            }
        });
    }

    @Override
    public void dirty() {
        events.offer(DIRTY);
    }

    @Override
    public int pageRows() {
        return Math.max(1, screen.getTerminalSize().getRows() - 6);
    }

    @Override
    public int pageColumns() {
        return Math.max(20, screen.getTerminalSize().getColumns() - 4);
    }

    @Override
    public Optional<Rack> rack(String name) {
        return data.rack(name);
    }

    @Override
    public RackData data() {
        return data;
    }

    @Override
    public DeployTracker deploys() {
        return deploys;
    }

    @Override
    public SourceDeploys sourceDeploys() {
        return sourceDeploys;
    }

    @Override
    public PaneController current() {
        return navigator.current();
    }

    @Override
    public Set<Mutation> forbidden(Rack rack, Optional<String> app) {
        if (readOnly(Optional.of(rack)) || app.isEmpty()) {
            return Set.of();
        }
        String key = rack.name() + "/" + app.get();
        Set<Mutation> known = forbidden.get(key);
        if (known == null && checkingAccess.add(key)) {
            services.io().execute(() -> {
                try {
                    forbidden.put(key, services.operations().forbidden(rack, app.get()));
                } catch (RuntimeException e) {
                    forbidden.put(key, EnumSet.noneOf(Mutation.class));
                } finally {
                    dirty();
                }
            });
        }
        return known == null ? Set.of() : known;
    }

    // ---- for the tests and the benchmarks -------------------------------------------------------------

    /** The log view being shown, if the Logs pane is open. */
    public Optional<LogViewState> shownLog() {
        return navigator.current() instanceof LogsPane l ? l.view() : Optional.empty();
    }

    /** The latest snapshot state of the pane being shown (tests wait on it). */
    Optional<Snapshot.State> shownState() {
        return navigator.current().state();
    }
}
