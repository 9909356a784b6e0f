package io.ipvsdirector.realserver;

import io.ipvsdirector.kernel.netlink.ModuleLoader;
import io.ipvsdirector.kernel.rtnl.AddressTable;
import io.ipvsdirector.kernel.rtnl.LinkTable;
import io.ipvsdirector.net.IpPrefix;
import io.ipvsdirector.realserver.RealServerPlan.Placement;
import io.ipvsdirector.realserver.RealServerPlan.Setting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Carries out a {@link RealServerPlan} and undoes it. Each step looks first and changes only what
 * differs, so running a setup twice changes nothing the second time; every look and change is one
 * line to {@code out}. {@link #record()} is what has been changed so far, also after a failure.
 */
public final class RealServerChanges {
    private final Sysctls sysctls;
    private final AddressTable addresses;
    private final LinkTable links;
    private final ModuleLoader modules;
    private final Consumer<String> out;
    private RealServerRecord record;
    private int changes;

    public RealServerChanges(Sysctls sysctls, AddressTable addresses, LinkTable links, ModuleLoader modules,
                             RealServerRecord earlier, Consumer<String> out) {
        this.sysctls = sysctls;
        this.addresses = addresses;
        this.links = links;
        this.modules = modules;
        this.record = earlier;
        this.out = out;
    }

    public RealServerRecord record() {
        return record;
    }

    /** How many changes were made. */
    public int changes() {
        return changes;
    }

    public void setup(RealServerPlan plan) throws IOException {
        for (int i = 0; i < plan.modules().size(); i++) {
            String module = plan.modules().get(i);
            String device = plan.links().get(i);
            if (links.exists(device)) {
                out.accept("module " + module + ": loaded (" + device + " exists)");
            } else if (modules.load(module) && links.exists(device)) {
                changed("module " + module + ": loaded");
            } else {
                throw new IOException("module " + module + " could not be loaded (modprobe " + module + "), so there is no "
                        + device);
            }
        }
        for (String link : plan.links()) {
            if (links.isUp(link)) {
                out.accept("link " + link + ": up");
            } else {
                links.setUp(link, true);
                record = record.withRaised(link);
                changed("link " + link + ": set up");
            }
        }
        for (Setting s : plan.settings()) {
            Optional<String> now = sysctls.read(s.key());
            if (now.isEmpty()) {
                throw new IOException(s.key() + " does not exist (no such interface?)");
            }
            if (now.get().equals(s.value())) {
                out.accept(s.key() + " = " + s.value());
            } else {
                record = record.withPrevious(s.key(), now.get());
                sysctls.write(s.key(), s.value());
                changed(s.key() + " = " + s.value() + " (was " + now.get() + ")");
            }
        }
        for (Placement p : plan.addresses()) {
            if (addresses.add(p.device(), p.vip(), Optional.empty())) {
                record = record.withAdded(p);
                changed(p.vip() + " added to " + p.device());
            } else {
                out.accept(p.vip() + " is on " + p.device());
            }
        }
    }

    /**
     * Removes the recorded addresses and {@code more} (VIPs named on the command line that a lost
     * record may not know), restores the recorded settings and sets down the links the setup raised.
     */
    public void teardown(List<Placement> more) throws IOException {
        List<Placement> remove = new ArrayList<>(record.added());
        more.stream().filter(p -> !remove.contains(p)).forEach(remove::add);
        for (Placement p : remove) {
            if (addresses.remove(p.device(), p.vip())) {
                changed(p.vip() + " removed from " + p.device());
            } else {
                out.accept(p.vip() + " is not on " + p.device());
            }
        }
        for (Map.Entry<Sysctl, String> e : record.previous().entrySet()) {
            Optional<String> now = sysctls.read(e.getKey());
            if (now.isEmpty()) {
                out.accept(e.getKey() + " no longer exists");
            } else if (now.get().equals(e.getValue())) {
                out.accept(e.getKey() + " = " + e.getValue());
            } else {
                sysctls.write(e.getKey(), e.getValue());
                changed(e.getKey() + " = " + e.getValue() + " (restored, was " + now.get() + ")");
            }
        }
        for (String link : record.raised()) {
            if (links.exists(link) && links.isUp(link)) {
                links.setUp(link, false);
                changed("link " + link + ": set down");
            }
        }
        record = RealServerRecord.empty();
    }

    /** The VIPs as placed by {@code mode}, for a teardown without a record. */
    public static List<Placement> placements(RealServerMode mode, List<IpPrefix> vips) {
        return vips.stream().map(v -> new Placement(RealServerPlan.device(mode, v.family()), v)).toList();
    }

    private void changed(String line) {
        changes++;
        out.accept(line);
    }
}
