package dev.palisade.netpol;

/**
 * One (peers, port) pair of a resolved rule: the enforcer builds one ipset per RuleMatch. A rule with a named
 * egress port has one RuleMatch per distinct number that name resolves to on the destination pods, each with just
 * those pods.
 */
public record RuleMatch(PeerSet peers, PortMatch port) {}
