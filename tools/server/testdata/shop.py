"""The shop example: hats stocked as hashes, bought concurrently with
WATCH/MULTI/EXEC, retrying on WatchError. Run as

    shop.py PORT stock ITEMS...      create the hats in one pipeline
    shop.py PORT buy ITEM             buy until out of stock, print the count
"""
import sys

import redis


class OutOfStockError(Exception):
    """Raised when the hat is sold out."""


def buyitem(r: redis.Redis, itemid: str) -> None:
    with r.pipeline() as pipe:
        error_count = 0
        while True:
            try:
                pipe.watch(itemid)
                nleft: bytes = r.hget(itemid, "quantity")
                if nleft > b"0":
                    pipe.multi()
                    pipe.hincrby(itemid, "quantity", -1)
                    pipe.hincrby(itemid, "npurchased", 1)
                    pipe.execute()
                    break
                else:
                    pipe.unwatch()
                    raise OutOfStockError(f"Sorry, {itemid} is out of stock!")
            except redis.WatchError:
                error_count += 1


def main() -> None:
    port, action = int(sys.argv[1]), sys.argv[2]
    r = redis.Redis(host="127.0.0.1", port=port, db=0)
    if action == "stock":
        hats = {
            f"hat:{item}": {"color": "black", "price": 49.99, "style": "fitted", "quantity": 100, "npurchased": 0}
            for item in sys.argv[3:]
        }
        with r.pipeline() as pipe:
            for h_id, hat in hats.items():
                pipe.hset(h_id, mapping=hat)
            pipe.execute()
        return
    bought = 0
    while True:
        try:
            buyitem(r, sys.argv[3])
            bought += 1
        except OutOfStockError:
            break
    print(bought)


if __name__ == "__main__":
    main()
