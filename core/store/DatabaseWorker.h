#pragma once

#include <QMutex>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <type_traits>

class QThread;
struct sqlite3;

namespace llmux {

class Database;

// The one way LLMux reads the database in the background: a worker thread with its own SQLite
// connection runs jobs in the order given, and each result goes to its receiver on this object's
// thread, unless the receiver is gone by then or cancel() came first. cancel() also interrupts
// the query running at that moment (sqlite3_interrupt), so a page that goes away or asks a newer
// question does not wait for an old one. The destructor cancels and joins the worker.
class DatabaseWorker : public QObject
{
    Q_OBJECT
public:
    explicit DatabaseWorker(const Database &db, QObject *parent = nullptr);
    ~DatabaseWorker() override;

    // Runs job(db) on the worker, then deliver(result) here. The receiver lives on this object's
    // thread; nothing is delivered once it is destroyed.
    template <typename Job, typename Deliver> void run(Job job, QObject *receiver, Deliver deliver);
    // Runs job(db) on the worker; nothing comes back.
    template <typename Job> void run(Job job);

    // Drops every job not yet delivered and interrupts the running query.
    void cancel();
    // Jobs given and not yet delivered or dropped.
    bool isBusy() const { return m_outstanding > 0; }
    // Workers busy in the whole process: tests wait for 0 instead of sleeping.
    static int busyWorkers() { return s_busyWorkers.load(); }

Q_SIGNALS:
    void busyChanged(bool busy);

private:
    // Runs on the worker; `onWorker` gets whether its generation is still current.
    void post(std::function<void(bool current)> onWorker);
    void setHandleOfThisThread();
    void interruptRunning();
    void jobDone();

    const Database &m_db;
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; // lives on m_thread
    std::atomic<quint64> m_generation{0};
    int m_outstanding = 0; // this object's thread only
    QMutex m_handleMutex;
    sqlite3 *m_handle = nullptr; // the worker's open connection, for sqlite3_interrupt

    static std::atomic<int> s_busyWorkers;
};

template <typename Job, typename Deliver>
void DatabaseWorker::run(Job job, QObject *receiver, Deliver deliver)
{
    using Result = std::invoke_result_t<Job &, const Database &>;
    static_assert(!std::is_void_v<Result>, "a job whose result is delivered returns it");
    const quint64 generation = m_generation.load();
    QPointer<QObject> target(receiver);
    post([this, generation, target, job = std::move(job),
          deliver = std::move(deliver)](bool current) mutable {
        if (!current) {
            QMetaObject::invokeMethod(
                this, [this] { jobDone(); }, Qt::QueuedConnection);
            return;
        }
        Result result = job(m_db);
        // Back on this object's thread, which outlives the worker: the receiver is checked there.
        QMetaObject::invokeMethod(
            this,
            [this, generation, target, deliver = std::move(deliver),
             result = std::move(result)]() mutable {
                if (target && generation == m_generation.load())
                    deliver(std::move(result));
                jobDone();
            },
            Qt::QueuedConnection);
    });
}

template <typename Job> void DatabaseWorker::run(Job job)
{
    post([this, job = std::move(job)](bool current) mutable {
        if (current)
            job(m_db);
        QMetaObject::invokeMethod(
            this, [this] { jobDone(); }, Qt::QueuedConnection);
    });
}

} // namespace llmux
