package io.ipvsdirector.kernel.ipvs;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The service flags a director sets (IP_VS_SVC_F_*). The three scheduler flags mean what the
 * scheduler makes of them: sh and mh read SCHED1 as fallback and SCHED2 as port.
 */
public enum ServiceFlag {
    PERSISTENT(IpvsUapi.SVC_F_PERSISTENT),
    ONE_PACKET(IpvsUapi.SVC_F_ONEPACKET),
    SCHED1(IpvsUapi.SVC_F_SCHED1),
    SCHED2(IpvsUapi.SVC_F_SCHED2),
    SCHED3(IpvsUapi.SVC_F_SCHED3);

    private final int bit;

    ServiceFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    /** The flags in {@code bits}; the kernel's HASHED bookkeeping bit and unknown bits are dropped. */
    public static Set<ServiceFlag> fromBits(int bits) {
        Set<ServiceFlag> out = EnumSet.noneOf(ServiceFlag.class);
        for (ServiceFlag f : values()) {
            if ((bits & f.bit) != 0) {
                out.add(f);
            }
        }
        return out;
    }

    public static int toBits(Set<ServiceFlag> flags) {
        int bits = 0;
        for (ServiceFlag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }

    /** ipvsadm's names for the scheduler flags set, in its order: "sh-fallback", "sh-port", "flag-3". */
    public static List<String> schedulerFlagNames(String scheduler, Set<ServiceFlag> flags) {
        String prefix = scheduler.equals("sh") || scheduler.equals("mh") ? scheduler + "-" : null;
        List<String> out = new ArrayList<>();
        if (flags.contains(SCHED1)) {
            out.add(prefix != null ? prefix + "fallback" : "flag-1");
        }
        if (flags.contains(SCHED2)) {
            out.add(prefix != null ? prefix + "port" : "flag-2");
        }
        if (flags.contains(SCHED3)) {
            out.add("flag-3");
        }
        return out;
    }
}
