#include "core/store/DatabaseWorker.h"

#include "core/store/Database.h"

#include <QSqlDriver>
#include <QThread>
#include <QVariant>

#include <sqlite3.h>

namespace llmux {

std::atomic<int> DatabaseWorker::s_busyWorkers{0};

DatabaseWorker::DatabaseWorker(const Database &db, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_thread(new QThread)
    , m_context(new QObject)
{
    m_thread->setObjectName(QStringLiteral("llmux-db-worker"));
    m_context->moveToThread(m_thread);
    // Runs on the worker as it ends: its connection closes there, never under a running
    // sqlite3_interrupt().
    connect(
        m_thread, &QThread::finished, m_context,
        [this] {
            QMutexLocker lock(&m_handleMutex);
            m_handle = nullptr;
            m_db.releaseThreadConnection();
        },
        Qt::DirectConnection);
    m_thread->start(QThread::LowPriority);
}

DatabaseWorker::~DatabaseWorker()
{
    cancel();
    m_thread->quit();
    // A query that started just after the interrupt would run to its end: interrupt until the
    // worker is done.
    while (!m_thread->wait(50))
        interruptRunning();
    delete m_context;
    delete m_thread;
    if (m_outstanding > 0)
        s_busyWorkers.fetch_sub(1);
}

void DatabaseWorker::post(std::function<void(bool current)> onWorker)
{
    if (m_outstanding++ == 0) {
        s_busyWorkers.fetch_add(1);
        Q_EMIT busyChanged(true);
    }
    const quint64 generation = m_generation.load();
    QMetaObject::invokeMethod(
        m_context,
        [this, generation, onWorker = std::move(onWorker)] {
            setHandleOfThisThread();
            onWorker(generation == m_generation.load());
        },
        Qt::QueuedConnection);
}

void DatabaseWorker::setHandleOfThisThread()
{
    QMutexLocker lock(&m_handleMutex);
    if (m_handle)
        return;
    const QVariant handle = m_db.connection().driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0)
        m_handle = *static_cast<sqlite3 *const *>(handle.constData());
}

void DatabaseWorker::cancel()
{
    m_generation.fetch_add(1);
    interruptRunning();
}

void DatabaseWorker::interruptRunning()
{
    QMutexLocker lock(&m_handleMutex);
    // Safe from any thread while the connection is open; a query that is not running ignores it
    // (the interrupt only affects statements running at this moment).
    if (m_handle)
        sqlite3_interrupt(m_handle);
}

void DatabaseWorker::jobDone()
{
    if (--m_outstanding == 0) {
        s_busyWorkers.fetch_sub(1);
        Q_EMIT busyChanged(false);
    }
}

} // namespace llmux
