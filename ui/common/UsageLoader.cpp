#include "ui/common/UsageLoader.h"

#include "core/store/Database.h"

#include <QThread>

namespace llmux {

UsageLoader::UsageLoader(const Database &db, QObject *parent)
    : QObject(parent)
    , m_db(db)
{}

UsageLoader::~UsageLoader()
{
    if (m_thread) {
        m_thread->wait();
        delete m_thread;
    }
}

void UsageLoader::run(Job job)
{
    m_pending = std::move(job);
    if (!m_thread) {
        startNext();
        Q_EMIT busyChanged(true);
    }
}

void UsageLoader::startNext()
{
    Job job = std::move(m_pending);
    m_pending = nullptr;
    auto result = std::make_shared<Apply>();
    m_result = result;
    const Database &db = m_db;
    m_thread = QThread::create([job = std::move(job), result, &db] {
        *result = job(db);
        db.releaseThreadConnection();
    });
    // Delivered on this object's (the GUI) thread, after the worker is done.
    connect(m_thread, &QThread::finished, this, &UsageLoader::finished, Qt::QueuedConnection);
    m_thread->start(QThread::LowPriority);
}

void UsageLoader::finished()
{
    QThread *done = m_thread;
    m_thread = nullptr;
    done->wait();
    delete done;
    const std::shared_ptr<Apply> result = std::move(m_result);
    if (m_pending) {
        // A newer request came in: this result is stale.
        startNext();
        return;
    }
    Q_EMIT busyChanged(false);
    if (result && *result)
        (*result)();
}

} // namespace llmux
