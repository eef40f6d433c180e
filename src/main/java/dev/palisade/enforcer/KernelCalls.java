package dev.palisade.enforcer;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * The few libc calls the enforcer makes itself, through jnr-ffi: netlink sockets (to program VXLAN devices,
 * neighbours, FDB entries and routes) and setns(2) (to work inside a node's network namespace). Everything else the
 * kernel offers is reached through files under /proc/sys or the iptables-restore and ipset tools.
 */
public interface KernelCalls {
    int AF_INET = 2;
    int AF_BRIDGE = 7;
    int AF_NETLINK = 16;
    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int NETLINK_ROUTE = 0;
    int NETLINK_NETFILTER = 12;
    /** nfnetlink multicast group of nf_tables changes (NFNLGRP_NFTABLES = 7), as a bind(2) group mask. */
    int NFNLGRP_NFTABLES_MASK = 1 << (7 - 1);
    int MSG_DONTWAIT = 0x40;
    int EINTR = 4;
    int EAGAIN = 11;
    int ENOBUFS = 105;
    int SOL_SOCKET = 1;
    int SO_RCVTIMEO = 20;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;

    int socket(int domain, int type, int protocol);

    int bind(int fd, byte[] address, int length);

    int setsockopt(int fd, int level, int option, byte[] value, int length);

    long send(int fd, byte[] buffer, long length, int flags);

    long recv(int fd, byte[] buffer, long length, int flags);

    int open(String path, int flags);

    int close(int fd);

    int setns(int fd, int nstype);

    String strerror(int errno);

    /** The loaded library; loading fails with a clear message on a platform without libc. */
    static KernelCalls load() {
        return Holder.LIBC;
    }

    /** errno of the last failed call on this thread. */
    static int errno() {
        return Runtime.getRuntime(Holder.LIBC).getLastError();
    }

    final class Holder {
        static final KernelCalls LIBC = LibraryLoader.create(KernelCalls.class).load("c");

        private Holder() {
        }
    }
}
