#include "ui/common/UsageLoader.h"

namespace llmux {

UsageLoader::UsageLoader(const Database &db, QObject *parent)
    : QObject(parent)
    , m_worker(db)
{
    connect(&m_worker, &DatabaseWorker::busyChanged, this, &UsageLoader::busyChanged);
}

void UsageLoader::run(Job job)
{
    // A newer question makes the older answers stale.
    m_worker.cancel();
    m_worker.run(std::move(job), this, [](const Apply &apply) {
        if (apply)
            apply();
    });
}

} // namespace llmux
