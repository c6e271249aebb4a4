"""Which address of this laptop the phones should use, found without internet.

The usual tricks fail exactly where this feature is meant to work: ``gethostbyname(
gethostname())`` often gives 127.0.0.1, and a UDP ``connect`` to an outside address raises
ENETUNREACH on a travel router or hotspot without internet. So the addresses are listed
(``ip -j addr`` where it exists, else the ``SIOCGIFADDR`` ioctl per interface, else
``ifconfig`` on macOS, else the host name's addresses, which is what Windows offers) and
ranked: a private LAN address on a real interface first, virtual bridges (docker, VPN) last,
loopback and 0.0.0.0 never unless asked for by name.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
import struct
import subprocess
import sys
from dataclasses import dataclass

# Interfaces that are virtual: container bridges, VPN tunnels, virtual machines.
VIRTUAL_PREFIXES = (
    "docker",
    "br-",
    "veth",
    "virbr",
    "vmnet",
    "vboxnet",
    "tun",
    "tap",
    "wg",
    "zt",
    "tailscale",
    "utun",
    "lxc",
    "cni",
    "flannel",
)
SIOCGIFADDR = 0x8915


@dataclass(frozen=True)
class Candidate:
    address: str
    interface: str
    up: bool = True

    @property
    def ip(self) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
        return ipaddress.ip_address(self.address)

    @property
    def virtual(self) -> bool:
        return self.interface.lower().startswith(VIRTUAL_PREFIXES)

    @property
    def usable(self) -> bool:
        ip = self.ip
        return not (ip.is_loopback or ip.is_unspecified or ip.is_multicast)

    def rank(self) -> tuple[int, ...]:
        """Lower is better: up, private, a real interface, not link-local, IPv4."""
        ip = self.ip
        return (
            0 if self.up else 1,
            0 if ip.is_private and not ip.is_link_local else 1,
            1 if self.virtual else 0,
            1 if ip.is_link_local else 0,
            0 if ip.version == 4 else 1,
        )


class NoAddress(Exception):
    """No address to serve on; ``known`` lists what this laptop has."""

    def __init__(self, wanted: str, known: list[Candidate]) -> None:
        super().__init__(wanted)
        self.wanted = wanted
        self.known = known


def list_addresses() -> list[Candidate]:
    """Every IPv4 address of this machine, with the interface it belongs to."""
    for finder in (_from_ip_command, _from_ioctl, _from_ifconfig, _from_host_name):
        try:
            found = finder()
        except (OSError, ValueError, subprocess.SubprocessError):
            continue
        if found:
            return found
    return []


def rank(candidates: list[Candidate]) -> list[Candidate]:
    usable = [c for c in candidates if c.usable]
    return sorted(usable, key=lambda c: (c.rank(), c.interface, c.address))


def choose_address(wanted: str | None = None, found: list[Candidate] | None = None) -> Candidate:
    """The address to serve on: ``wanted`` (an address or an interface name), else the best."""
    known = list_addresses() if found is None else found
    if wanted:
        return _chosen(wanted.strip(), known)
    ranked = rank(known)
    if not ranked:
        raise NoAddress("", known)
    return ranked[0]


def _chosen(wanted: str, known: list[Candidate]) -> Candidate:
    by_name = [c for c in rank(known) if c.interface == wanted]
    if by_name:
        return by_name[0]
    try:
        ip = ipaddress.ip_address(wanted)
    except ValueError:
        raise NoAddress(wanted, known) from None
    if ip.is_unspecified or ip.is_multicast:
        raise NoAddress(wanted, known)
    if ip.is_loopback:  # only this laptop itself can reach it: for a try-out or a test
        return Candidate(str(ip), "lo")
    for candidate in known:
        if candidate.ip == ip:
            return candidate
    raise NoAddress(wanted, known)


def _from_ip_command() -> list[Candidate]:
    ip = shutil.which("ip")
    if ip is None:
        return []
    done = subprocess.run(
        [ip, "-j", "-4", "addr", "show"],
        capture_output=True,
        text=True,
        timeout=3,
        check=True,
    )
    found = []
    for link in json.loads(done.stdout or "[]"):
        name = str(link.get("ifname", ""))
        up = "UP" in link.get("flags", []) and link.get("operstate") != "DOWN"
        for info in link.get("addr_info", []):
            if info.get("family") == "inet" and info.get("local"):
                found.append(Candidate(str(info["local"]), name, up))
    return found


def _from_ioctl() -> list[Candidate]:
    if not sys.platform.startswith("linux"):
        return []
    import fcntl

    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            request = struct.pack("256s", name.encode()[:15])
            try:
                reply = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, request)
            except OSError:
                continue  # no IPv4 address on this interface
            found.append(Candidate(socket.inet_ntoa(reply[20:24]), name))
    return found


def _from_ifconfig() -> list[Candidate]:
    """macOS and the BSDs: ``ifconfig`` lists every interface with its ``inet`` lines."""
    ifconfig = shutil.which("ifconfig")
    if ifconfig is None or sys.platform.startswith("linux"):
        return []
    done = subprocess.run([ifconfig], capture_output=True, text=True, timeout=3, check=True)
    return parse_ifconfig(done.stdout)


def parse_ifconfig(text: str) -> list[Candidate]:
    found = []
    name, up = "", False
    for line in text.splitlines():
        if line and not line[0].isspace() and ":" in line:
            name = line.split(":", 1)[0]
            up = "<UP" in line or ",UP," in line
        elif line.strip().startswith("inet ") and name:
            address = line.split()[1].split("/")[0]
            try:
                ipaddress.IPv4Address(address)
            except ValueError:
                continue
            found.append(Candidate(address, name, up))
    return found


def _from_host_name() -> list[Candidate]:
    """macOS and Windows without ``ip``: the addresses the host name resolves to."""
    infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    seen: dict[str, Candidate] = {}
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        seen.setdefault(address, Candidate(address, "?"))
    return list(seen.values())


def wifi_security(interface: str) -> str | None:
    """The security of the Wi-Fi this interface is on ("" = open), where NetworkManager
    can tell; None when unknown (no nmcli, not Wi-Fi, another system)."""
    nmcli = shutil.which("nmcli")
    if nmcli is None:
        return None
    try:
        done = subprocess.run(
            [nmcli, "-t", "-f", "ACTIVE,SECURITY,DEVICE", "device", "wifi", "list"],
            capture_output=True,
            text=True,
            timeout=3,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    for line in done.stdout.splitlines():
        parts = line.split(":")
        if len(parts) >= 3 and parts[0] == "yes" and parts[-1] == interface:
            security = ":".join(parts[1:-1]).strip()
            return "" if security in ("", "--") else security
    return None
