package io.ipvsdirector.kernel.ipvs;

/** The kernel's IPVS version (0x010201 is 1.2.1) and the size of its connection hash table. */
public record IpvsInfo(int version, int connectionTableSize) {
    /** "1.2.1". */
    public String versionText() {
        return ((version >> 16) & 0xff) + "." + ((version >> 8) & 0xff) + "." + (version & 0xff);
    }
}
