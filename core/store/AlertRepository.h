#pragma once

#include "core/common/Result.h"
#include "core/domain/Alert.h"

#include <QList>

namespace llmux {

class Database;

// Reads and writes alert channels (alert_channels; their secrets are in the keychain) and the
// alert history (alert_history).
class AlertRepository
{
public:
    explicit AlertRepository(const Database &db)
        : m_db(db)
    {}

    Result<QList<AlertChannel>> channels() const;
    // By id, or by name when `which` is not a number.
    Result<AlertChannel> channel(const QString &which) const;
    Result<qint64> addChannel(const AlertChannel &channel);
    // Saves everything but the id and creation time.
    Status updateChannel(const AlertChannel &channel);
    Status removeChannel(qint64 id);

    // Keeps an alert as sent, before the channels answer; returns its id.
    Result<qint64> record(const Alert &alert);
    Status setDeliveries(qint64 id, const QList<AlertDelivery> &deliveries);
    // Newest first.
    Result<QList<AlertRecord>> history(int limit = 100) const;
    // Forgets alerts from before cutoffMs, and all but the newest `keep`.
    Status prune(qint64 cutoffMs, int keep);

private:
    const Database &m_db;
};

} // namespace llmux
