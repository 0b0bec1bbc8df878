package io.gpwarden.layout.io;

/** Address spelling in Greenplum's utility files ({@code parseutils.canonicalize_address}). */
public final class Addresses {
    private Addresses() {
    }

    /** IPv6 addresses are bracketed ("[::1]"); host names and IPv4 addresses are written as they are. */
    public static String canonical(String address) {
        if (address.indexOf(':') < 0 || address.indexOf('[') >= 0) {
            return address;
        }
        return "[" + address + "]";
    }
}
