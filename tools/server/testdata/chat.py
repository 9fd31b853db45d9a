"""A pub/sub chat: listeners print what they hear, speakers publish. Run as

    chat.py PORT listen CHANNEL N     print N messages, via listen() and get_message()
    chat.py PORT say CHANNEL WHO N    publish N numbered lines
"""
import sys
import time

import redis


def main() -> None:
    port, action, channel = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    r = redis.Redis(host="127.0.0.1", port=port, db=0)
    if action == "say":
        who, n = sys.argv[4], int(sys.argv[5])
        for i in range(n):
            r.publish(channel, f"{who}: line {i}")
        return
    n = int(sys.argv[4])
    p = r.pubsub()
    p.subscribe(channel)
    p.psubscribe(channel + "*")
    # Wait for both confirmations, then tell the test we are ready.
    confirmed = 0
    while confirmed < 2:
        msg = p.get_message(timeout=5)
        if msg and msg["type"] in ("subscribe", "psubscribe"):
            confirmed += 1
    print("ready", flush=True)
    heard = 0
    for msg in p.listen():
        if msg["type"] == "message":
            print(msg["channel"].decode(), msg["data"].decode(), flush=True)
            heard += 1
        elif msg["type"] == "pmessage":
            print("pattern", msg["pattern"].decode(), msg["data"].decode(), flush=True)
        if heard == n:
            break
    # get_message after listen: nothing is lost between the two.
    deadline = time.time() + 5
    while heard < n + 1 and time.time() < deadline:
        msg = p.get_message(timeout=1)
        if msg and msg["type"] == "message":
            print(msg["channel"].decode(), msg["data"].decode(), flush=True)
            heard += 1
    p.close()


if __name__ == "__main__":
    main()
