from jobs import jobs_db, next_job


def work() -> None:
    while True:
        jid = next_job()
        jobs_db.hset(jid, "status", "done")


if __name__ == "__main__":
    work()
