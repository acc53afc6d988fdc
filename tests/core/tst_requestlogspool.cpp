// The crash-proof journal of request-log entries: what a killed process leaves is read back by
// the next one, once, and torn or stale records are never mistaken for entries.
#include "core/store/Database.h"
#include "core/usage/RequestLogSpool.h"
#include "core/usage/RequestLogWriter.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace llmux;

namespace {

RequestLogEntry entry(int i)
{
    RequestLogEntry e;
    e.timestampMs = 1000 + i;
    e.endpoint = QStringLiteral("/chat/completions");
    e.modelRequested = QStringLiteral("model-%1").arg(i);
    e.keyId = i;
    e.status = 200;
    e.latencyMs = 1.5;
    e.ttfbMs = 0.5;
    e.promptTokens = 10;
    e.cost = 0.25;
    e.error = QStringLiteral("ü %1").arg(i);
    return e;
}

} // namespace

class TestRequestLogSpool : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString dbPath(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void entriesRoundTrip()
    {
        RequestLogEntry e = entry(7);
        e.session = QStringLiteral("01a251c9-2115-79f3-96a0-832726dec91b");
        const std::optional<RequestLogEntry> back =
            RequestLogSpool::deserialize(RequestLogSpool::serialize(e));
        QVERIFY(back);
        QCOMPARE(back->modelRequested, e.modelRequested);
        QCOMPARE(back->keyId, e.keyId);
        QCOMPARE(back->ttfbMs, e.ttfbMs);
        QCOMPARE(back->completionTokens.has_value(), false);
        QCOMPARE(back->cost, e.cost);
        QCOMPARE(back->error, e.error);
        QCOMPARE(back->session, e.session);
        QVERIFY(!RequestLogSpool::deserialize("garbage"));
        // A spool written before sessions were recorded (version 1) still reads.
        QByteArray old = RequestLogSpool::serialize(entry(8));
        old[0] = 1;  // QDataStream's quint8 version comes first
        old.chop(4); // the empty session string (its length, 0xffffffff for a null QString)
        const std::optional<RequestLogEntry> older = RequestLogSpool::deserialize(old);
        QVERIFY(older);
        QCOMPARE(older->modelRequested, QStringLiteral("model-8"));
        QVERIFY(older->session.isEmpty());
    }

    // A process that ends without storing (killed) leaves its entries to the next one.
    void whatAKilledRunJournaledIsReadBack()
    {
        const QString db = dbPath("killed.sqlite");
        qint64 runId = 0;
        {
            RequestLogSpool spool;
            QVERIFY(spool.open(db).ok());
            QVERIFY(spool.leftovers().isEmpty());
            spool.start();
            for (int i = 1; i <= 100; ++i)
                QCOMPARE(spool.append(entry(i)), quint64(i));
            runId = spool.markFor(0).runId;
        } // no markStored, no clean ending: as after SIGKILL (the kernel keeps the pages)
        RequestLogSpool next;
        QVERIFY(next.open(db).ok());
        QCOMPARE(next.leftoverRunId(), runId);
        const QList<RequestLogSpool::Record> left = next.leftovers();
        QCOMPARE(left.size(), 100);
        QCOMPARE(left.first().sequence, quint64(1));
        QCOMPARE(left.last().entry.modelRequested, QStringLiteral("model-100"));
        next.start();
        QVERIFY(next.markFor(0).runId != runId);
    }

    // A record cut short by the kill (or corrupted) ends the reading; what comes before counts.
    void aTornRecordEndsTheJournal()
    {
        const QString db = dbPath("torn.sqlite");
        {
            RequestLogSpool spool;
            QVERIFY(spool.open(db).ok());
            spool.start();
            for (int i = 1; i <= 3; ++i)
                spool.append(entry(i));
        }
        {
            QFile file(db + QStringLiteral(".spool"));
            QVERIFY(file.open(QIODevice::ReadWrite));
            const QByteArray all = file.readAll();
            QByteArray name; // as QDataStream writes it: UTF-16, big-endian
            for (char c : QByteArray("model-3"))
                name += QByteArray(1, '\0') + c;
            const qsizetype third = all.indexOf(name);
            QVERIFY(third > 0);
            file.seek(third);
            file.write("MODEL"); // as if the copy stopped half-way
        }
        RequestLogSpool next;
        QVERIFY(next.open(db).ok());
        QCOMPARE(next.leftovers().size(), 2);
    }

    // Halves are reused once the database has everything in them; until then a full spool says
    // so instead of overwriting what is not stored.
    void halvesAreReusedOnlyWhenStored()
    {
        const QString db = dbPath("halves.sqlite");
        RequestLogSpool spool;
        QVERIFY(spool.open(db, 4096).ok());
        spool.start();
        quint64 last = 0;
        int written = 0;
        while (const quint64 s = spool.append(entry(written))) {
            last = s;
            ++written;
        }
        QVERIFY(written > 10);      // both halves full
        spool.markStored(last / 4); // the first half is still not all stored
        QCOMPARE(spool.append(entry(0)), quint64(0));
        spool.markStored(last);
        const quint64 after = spool.append(entry(999));
        QCOMPARE(after, last + 1);
        // Read back: the reused half holds the new entry, the other half the older ones; stale
        // records after the new one are not taken for its successors.
        QVERIFY(QFile::copy(db + QStringLiteral(".spool"), db + QStringLiteral("-copy.spool")));
        RequestLogSpool copy;
        QVERIFY(copy.open(db + QStringLiteral("-copy"), 4096).ok());
        const QList<RequestLogSpool::Record> left = copy.leftovers();
        QVERIFY(!left.isEmpty());
        QCOMPARE(left.last().sequence, after);
        for (qsizetype i = 1; i < left.size(); ++i)
            QVERIFY(left[i].sequence > left[i - 1].sequence);
    }

    // A lock file left behind (by an older LLMux, or a process whose PID came back after a
    // restart) does not keep the spool from its owner: the lock is the kernel's, on the file.
    void aLeftoverLockFileDoesNotHideTheSpool()
    {
        const QString db = dbPath("leftover.sqlite");
        QFile lock(db + QStringLiteral(".spool.lock"));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.write(QByteArray::number(QCoreApplication::applicationPid()) + "\nllmux\nhost\n");
        lock.close();
        RequestLogSpool spool;
        QVERIFY(spool.open(db).ok());
        QCOMPARE(spool.name(), QStringLiteral("leftover.sqlite.spool"));
    }

    // A second process on the same data folder takes its own spool file.
    void eachProcessHasItsOwnSpool()
    {
        const QString db = dbPath("shared.sqlite");
        RequestLogSpool first, second;
        QVERIFY(first.open(db).ok());
        QVERIFY(second.open(db).ok());
        QVERIFY(first.name() != second.name());
    }

    // End to end through the writer: replayed once, never twice.
    void theWriterReplaysOnceAndOnlyOnce()
    {
        const QString path = dbPath("writer.sqlite");
        Database db(path);
        QVERIFY(db.open().ok());
        {
            RequestLogSpool spool;
            QVERIFY(spool.open(path).ok());
            spool.start();
            for (int i = 1; i <= 5; ++i)
                spool.append(entry(i));
        }
        auto count = [&db] { return RequestLogRepository(db).count().value(); };
        {
            RequestLogWriter writer(db);
            writer.start();
            QCOMPARE(count(), 5);
            writer.record(entry(6));
            writer.flush();
            QCOMPARE(count(), 6);
        }
        {
            RequestLogWriter writer(db); // a clean stop left nothing to replay
            writer.start();
            QCOMPARE(count(), 6);
        }
    }

    // Entries a write could not store stay queued for the next one, also when the writer's
    // thread is not running.
    void aFailedWriteKeepsItsEntries()
    {
        Database db(dbPath("failing.sqlite"));
        QVERIFY(db.open().ok());
        RequestLogWriter writer(db);
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE request_log RENAME TO hidden_log")));
        writer.record(entry(1));
        writer.flush(); // fails: no such table
        QVERIFY(q.exec(QStringLiteral("ALTER TABLE hidden_log RENAME TO request_log")));
        writer.record(entry(2));
        writer.flush();
        QCOMPARE(RequestLogRepository(db).count().value(), 2);
    }
};

QTEST_GUILESS_MAIN(TestRequestLogSpool)
#include "tst_requestlogspool.moc"
