package dev.rackside.views.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The stack of panes the operator went through, and each pane's life: a pane is entered once, when it is
 * pushed (its watches start), and left once, when it is off the stack (they stop). Esc goes up the breadcrumbs
 * ({@link Location#up}), not back to whatever was seen before.
 */
final class Navigator {
    private final Deque<PaneController> stack = new ArrayDeque<>();
    private final Function<Location, PaneController> factory;

    Navigator(Function<Location, PaneController> factory, Location start) {
        this.factory = factory;
        push(start);
    }

    PaneController current() {
        return stack.peek();
    }

    Location here() {
        return current().location();
    }

    List<PaneController> all() {
        return new ArrayList<>(stack);
    }

    int depth() {
        return stack.size();
    }

    /** Opens a pane for {@code to} on top (the same place twice is one pane). */
    void push(Location to) {
        if (!stack.isEmpty() && current().location().equals(to)) {
            return;
        }
        PaneController p = factory.apply(to);
        stack.push(p);
        p.enter();
    }

    /** Replaces the top pane (an app's tabs are one place in the breadcrumbs). */
    void replace(Location to) {
        if (current().location().equals(to)) {
            return;
        }
        PaneController old = stack.pop();
        old.leave();
        push(to);
    }

    /** One step up the breadcrumbs; false at the top. */
    boolean up() {
        Optional<Location> parent = here().up();
        if (parent.isEmpty()) {
            return false;
        }
        // Back down the stack to the parent if it is there; else the parent takes the current pane's place.
        List<PaneController> popped = new ArrayList<>();
        boolean found = false;
        for (PaneController p : stack) {
            if (p != current() && p.location().equals(parent.get())) {
                found = true;
                break;
            }
        }
        if (found) {
            while (!current().location().equals(parent.get())) {
                popped.add(stack.pop());
            }
            popped.forEach(PaneController::leave);
        } else {
            replace(parent.get());
        }
        return true;
    }

    /** Leaves every pane (the console is closing). */
    void closeAll() {
        while (!stack.isEmpty()) {
            stack.pop().leave();
        }
    }
}
