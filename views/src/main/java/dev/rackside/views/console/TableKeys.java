package dev.rackside.views.console;

import dev.rackside.views.table.TableState;
import java.util.ArrayList;
import java.util.List;

/** The keys every table shares: moving, paging, sideways scrolling and the live filter. */
final class TableKeys {
    private TableKeys() {
    }

    static List<Binding> of(Ui ui, TableState<?> table) {
        List<Binding> out = new ArrayList<>();
        int page = Math.max(1, ui.pageRows() - 1);
        out.add(Binding.of("down", () -> table.moveBy(1)));
        out.add(Binding.of("up", () -> table.moveBy(-1)));
        out.add(Binding.of("down-arrow", () -> table.moveBy(1)));
        out.add(Binding.of("up-arrow", () -> table.moveBy(-1)));
        out.add(Binding.of("top", () -> table.select(0)));
        out.add(Binding.of("home", () -> table.select(0)));
        out.add(Binding.of("bottom", table::last));
        out.add(Binding.of("end", table::last));
        out.add(Binding.of("page-down", () -> table.moveBy(page)));
        out.add(Binding.of("page-up", () -> table.moveBy(-page)));
        out.add(Binding.of("left", () -> table.scrollColumns(-1)));
        out.add(Binding.of("right", () -> table.scrollColumns(1)));
        out.add(Binding.of("filter", () -> ui.edit(LineEditor.live("/", table.filterText(), table::filter),
                table::filter, () -> table.filter(""))));
        return out;
    }
}
