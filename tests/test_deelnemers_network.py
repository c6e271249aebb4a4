"""Choosing the address the phones use: ranked without internet, and in a real network
namespace that has one veth interface and no route to anywhere else."""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

from kwaliteit_cli.deelnemers.network import (
    Candidate,
    NoAddress,
    choose_address,
    parse_ifconfig,
    rank,
)

LAPTOP = [
    Candidate("127.0.0.1", "lo"),
    Candidate("172.17.0.1", "docker0"),
    Candidate("169.254.10.3", "eth1"),
    Candidate("100.80.1.2", "tailscale0"),
    Candidate("192.168.8.23", "wlp2s0"),
    Candidate("10.0.0.5", "enp0s31f6", up=False),
]


def test_a_private_address_on_a_real_interface_wins() -> None:
    assert choose_address(found=LAPTOP).address == "192.168.8.23"
    ranked = [c.address for c in rank(LAPTOP)]
    assert "127.0.0.1" not in ranked
    assert ranked.index("172.17.0.1") > ranked.index("192.168.8.23")
    assert ranked[-1] == "10.0.0.5"  # the interface that is down comes last


def test_the_facilitator_may_name_an_address_or_an_interface() -> None:
    assert choose_address("172.17.0.1", found=LAPTOP).interface == "docker0"
    assert choose_address("wlp2s0", found=LAPTOP).address == "192.168.8.23"
    assert choose_address("127.0.0.1", found=LAPTOP).address == "127.0.0.1"


@pytest.mark.parametrize("wanted", ["0.0.0.0", "::", "8.8.8.8", "wlan9", "geen-adres"])
def test_all_interfaces_or_a_foreign_address_are_refused(wanted: str) -> None:
    with pytest.raises(NoAddress) as refused:
        choose_address(wanted, found=LAPTOP)
    assert refused.value.known == LAPTOP


MACOS_IFCONFIG = """\
lo0: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> mtu 16384
\tinet 127.0.0.1 netmask 0xff000000
\tinet6 ::1 prefixlen 128
en0: flags=8863<UP,BROADCAST,SMART,RUNNING,SIMPLEX,MULTICAST> mtu 1500
\tether 3c:22:fb:00:00:01
\tinet6 fe80::1%en0 prefixlen 64 secured scopeid 0x6
\tinet 172.20.10.3 netmask 0xfffffff0 broadcast 172.20.10.15
utun3: flags=8051<UP,POINTOPOINT,RUNNING,MULTICAST> mtu 1380
\tinet 100.96.4.2 --> 100.96.4.2 netmask 0xffffffff
"""


def test_macos_ifconfig_output_gives_the_hotspot_address() -> None:
    found = parse_ifconfig(MACOS_IFCONFIG)
    assert [(c.interface, c.address) for c in found] == [
        ("lo0", "127.0.0.1"),
        ("en0", "172.20.10.3"),
        ("utun3", "100.96.4.2"),
    ]
    # An iPhone hotspot hands out 172.20.10.x: that is the one phones reach.
    assert choose_address(found=found).address == "172.20.10.3"


def test_only_loopback_means_no_address() -> None:
    with pytest.raises(NoAddress):
        choose_address(found=[Candidate("127.0.0.1", "lo")])


# --- a real network namespace --------------------------------------------------------------

NS = f"kw16-{os.getpid()}"
OUTSIDE, INSIDE = f"kw16a{os.getpid() % 10000}", f"kw16b{os.getpid() % 10000}"
IP = shutil.which("ip") or "ip"
HOST_IP, NS_IP = "10.216.0.1", "10.216.0.2"


def sh(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, timeout=10)


@pytest.fixture
def namespace() -> Iterator[str]:
    """A namespace joined to this one by a veth pair: a laptop on a hotspot without internet."""
    try:
        sh("ip", "netns", "add", NS)
        sh("ip", "link", "add", OUTSIDE, "type", "veth", "peer", "name", INSIDE)
        sh("ip", "link", "set", INSIDE, "netns", NS)
        sh("ip", "addr", "add", f"{HOST_IP}/24", "dev", OUTSIDE)
        sh("ip", "link", "set", OUTSIDE, "up")
        sh("ip", "netns", "exec", NS, "ip", "addr", "add", f"{NS_IP}/24", "dev", INSIDE)
        sh("ip", "netns", "exec", NS, "ip", "link", "set", INSIDE, "up")
        sh("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up")
        yield NS
    finally:
        subprocess.run(["ip", "link", "del", OUTSIDE], capture_output=True, check=False)
        subprocess.run(["ip", "netns", "del", NS], capture_output=True, check=False)


def in_namespace(script: str, *, path: str | None = None) -> subprocess.Popen[str]:
    env = {**os.environ}
    if path is not None:
        env["PATH"] = path
    return subprocess.Popen(
        [IP, "netns", "exec", NS, sys.executable, "-c", textwrap.dedent(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


CHOOSE = """
    import socket
    from kwaliteit_cli.deelnemers.network import choose_address, list_addresses
    # No internet here: the usual trick of a UDP connect to the outside fails.
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 80))
        print("route")
    except OSError:
        print("no-route")
    print(choose_address().address, choose_address().interface)
"""


@pytest.mark.parametrize("path", [None, ""], ids=["ip-command", "ioctl"])
def test_the_address_is_found_without_internet(namespace: str, path: str | None) -> None:
    process = in_namespace(CHOOSE, path=path)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.split("\n")[:2] == ["no-route", f"{NS_IP} {INSIDE}"]


def test_a_phone_on_the_same_network_reaches_the_chosen_address(namespace: str) -> None:
    process = in_namespace(
        """
        import sys
        from kwaliteit_cli.deelnemers.network import choose_address
        from kwaliteit_cli.deelnemers.server import RoomServer
        from kwaliteit_cli.deelnemers.state import Room
        server = RoomServer(Room(), choose_address().address)
        server.start()
        print(server.host, flush=True)
        sys.stdin.readline()
        server.stop()
        print(server.counters.requests, flush=True)
        """
    )
    assert process.stdout is not None and process.stdin is not None
    host = process.stdout.readline().strip()
    assert host.startswith(f"{NS_IP}:")
    conn = http.client.HTTPConnection(NS_IP, int(host.split(":")[1]), timeout=5)
    conn.request("GET", "/", headers={"Host": host})
    response = conn.getresponse()
    assert response.status == 200 and b"Meedoen" in response.read()
    conn.close()
    # It listens on that address only: not on the namespace's loopback.
    probe = in_namespace(
        f"""
        import socket
        try:
            socket.create_connection(("127.0.0.1", {host.split(":")[1]}), timeout=2)
            print("open")
        except OSError:
            print("closed")
        """
    )
    assert probe.communicate(timeout=30)[0].strip() == "closed"
    out, err = process.communicate("\n", timeout=30)
    assert process.returncode == 0 and err == ""
    assert out.strip() == "1"
