#include "core/store/AlertRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace llmux {
namespace {

const QString kChannelColumns = QStringLiteral(
    "id, name, kind, address, mail_from, mail_to, mail_user, tls, ca_file, events, enabled, "
    "created_at");

std::optional<AlertChannel> channelFrom(const QSqlQuery &q)
{
    const auto kind = AlertChannel::kindFromName(q.value(2).toString());
    const auto tls = AlertChannel::tlsFromName(q.value(7).toString());
    // Events a later LLMux knows are left out rather than failing the channel.
    QList<Alert::Event> events;
    for (const QString &name : q.value(9).toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const auto e = Alert::eventFromName(name))
            events << *e;
    if (!kind || !tls)
        return std::nullopt; // written by a newer LLMux
    AlertChannel c;
    c.id = q.value(0).toLongLong();
    c.name = q.value(1).toString();
    c.kind = *kind;
    c.where = q.value(3).toString();
    c.from = q.value(4).toString();
    c.to = q.value(5).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    c.user = q.value(6).toString();
    c.tls = *tls;
    c.caFile = q.value(8).toString();
    c.events = events;
    c.enabled = q.value(10).toBool();
    c.createdAt = sql::toTime(q.value(11));
    return c;
}

void bindChannel(QSqlQuery &q, const AlertChannel &c)
{
    const auto text = [](const QString &s) { return s.isNull() ? QStringLiteral("") : s; };
    q.bindValue(QStringLiteral(":name"), c.name);
    q.bindValue(QStringLiteral(":kind"), AlertChannel::kindName(c.kind));
    q.bindValue(QStringLiteral(":address"), text(c.where));
    q.bindValue(QStringLiteral(":from"), text(c.from));
    q.bindValue(QStringLiteral(":to"), text(c.to.join(QLatin1Char(','))));
    q.bindValue(QStringLiteral(":user"), text(c.user));
    q.bindValue(QStringLiteral(":tls"), AlertChannel::tlsName(c.tls));
    q.bindValue(QStringLiteral(":ca"), text(c.caFile));
    q.bindValue(QStringLiteral(":events"), text(Alert::eventsText(c.events)));
    q.bindValue(QStringLiteral(":enabled"), c.enabled ? 1 : 0);
}

QByteArray deliveriesJson(const QList<AlertDelivery> &deliveries)
{
    QJsonArray out;
    for (const AlertDelivery &d : deliveries)
        out.append(QJsonObject{{QStringLiteral("channel_id"), d.channelId},
                               {QStringLiteral("channel"), d.channel},
                               {QStringLiteral("ok"), d.ok},
                               {QStringLiteral("answer"), d.answer}});
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

QList<AlertDelivery> deliveriesFrom(const QByteArray &json)
{
    QList<AlertDelivery> out;
    const QJsonArray array = QJsonDocument::fromJson(json).array();
    for (const auto &v : array) {
        const QJsonObject o = v.toObject();
        out << AlertDelivery{o.value(QStringLiteral("channel_id")).toInteger(),
                             o.value(QStringLiteral("channel")).toString(),
                             o.value(QStringLiteral("ok")).toBool(),
                             o.value(QStringLiteral("answer")).toString()};
    }
    return out;
}

} // namespace

Result<QList<AlertChannel>> AlertRepository::channels() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM alert_channels ORDER BY id").arg(kChannelColumns));
    if (auto s = sql::exec(q, QStringLiteral("listing alert channels")); !s)
        return s;
    QList<AlertChannel> out;
    while (q.next())
        if (auto c = channelFrom(q))
            out << *c;
    return out;
}

Result<AlertChannel> AlertRepository::channel(const QString &which) const
{
    bool isId = false;
    const qint64 id = which.toLongLong(&isId);
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM alert_channels WHERE %2")
                  .arg(kChannelColumns,
                       isId ? QStringLiteral("id = :which") : QStringLiteral("name = :which")));
    q.bindValue(QStringLiteral(":which"), isId ? QVariant(id) : QVariant(which));
    if (auto s = sql::exec(q, QStringLiteral("reading alert channel %1").arg(which)); !s)
        return s;
    if (q.next())
        if (auto c = channelFrom(q))
            return *c;
    return Status::failure(
        QStringLiteral("There is no alert channel '%1' (llmux alert list shows them).")
            .arg(which.left(100)));
}

Result<qint64> AlertRepository::addChannel(const AlertChannel &channel)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO alert_channels (name, kind, address, mail_from, mail_to, mail_user, tls, "
        "ca_file, events, enabled, created_at) VALUES (:name, :kind, :address, :from, :to, "
        ":user, :tls, :ca, :events, :enabled, :now)"));
    bindChannel(q, channel);
    q.bindValue(QStringLiteral(":now"), QDateTime::currentMSecsSinceEpoch());
    if (!q.exec()) {
        if (sql::isUniqueViolation(q))
            return Status::failure(
                QStringLiteral("An alert channel named '%1' exists already.").arg(channel.name));
        return sql::failure(q, QStringLiteral("adding alert channel %1").arg(channel.name));
    }
    return q.lastInsertId().toLongLong();
}

Status AlertRepository::updateChannel(const AlertChannel &channel)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "UPDATE alert_channels SET name = :name, kind = :kind, address = :address, mail_from = "
        ":from, mail_to = :to, mail_user = :user, tls = :tls, ca_file = :ca, events = :events, "
        "enabled = :enabled WHERE id = :id"));
    bindChannel(q, channel);
    q.bindValue(QStringLiteral(":id"), channel.id);
    if (!q.exec()) {
        if (sql::isUniqueViolation(q))
            return Status::failure(
                QStringLiteral("An alert channel named '%1' exists already.").arg(channel.name));
        return sql::failure(q, QStringLiteral("saving alert channel %1").arg(channel.name));
    }
    if (q.numRowsAffected() == 0)
        return Status::failure(QStringLiteral("There is no alert channel %1.").arg(channel.id));
    return Status::success();
}

Status AlertRepository::removeChannel(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM alert_channels WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    if (auto s = sql::exec(q, QStringLiteral("removing alert channel %1").arg(id)); !s)
        return s;
    if (q.numRowsAffected() == 0)
        return Status::failure(
            QStringLiteral("There is no alert channel %1 (llmux alert list shows them).").arg(id));
    return Status::success();
}

Result<qint64> AlertRepository::record(const Alert &alert)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO alert_history (ts_ms, event, subject, severity, title, "
                             "message) VALUES (:ts, :event, :subject, :severity, :title, "
                             ":message)"));
    q.bindValue(QStringLiteral(":ts"), alert.at.isValid() ? alert.at.toMSecsSinceEpoch()
                                                          : QDateTime::currentMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":event"), Alert::eventName(alert.event));
    q.bindValue(QStringLiteral(":subject"),
                alert.subject.isNull() ? QStringLiteral("") : alert.subject);
    q.bindValue(QStringLiteral(":severity"), Alert::severityName(alert.severity));
    q.bindValue(QStringLiteral(":title"), alert.title.isNull() ? QStringLiteral("") : alert.title);
    q.bindValue(QStringLiteral(":message"),
                alert.message.isNull() ? QStringLiteral("") : alert.message);
    if (auto s = sql::exec(q, QStringLiteral("recording an alert")); !s)
        return s;
    return q.lastInsertId().toLongLong();
}

Status AlertRepository::setDeliveries(qint64 id, const QList<AlertDelivery> &deliveries)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE alert_history SET deliveries = :d WHERE id = :id"));
    q.bindValue(QStringLiteral(":d"), QString::fromUtf8(deliveriesJson(deliveries)));
    q.bindValue(QStringLiteral(":id"), id);
    return sql::exec(q, QStringLiteral("recording where alert %1 went").arg(id));
}

Result<QList<AlertRecord>> AlertRepository::history(int limit) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, ts_ms, event, subject, severity, title, message, "
                             "deliveries FROM alert_history ORDER BY id DESC LIMIT :limit"));
    q.bindValue(QStringLiteral(":limit"), qMax(1, limit));
    if (auto s = sql::exec(q, QStringLiteral("reading the alert history")); !s)
        return s;
    QList<AlertRecord> out;
    while (q.next()) {
        AlertRecord r;
        r.id = q.value(0).toLongLong();
        r.alert.at = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), QTimeZone::utc());
        r.alert.event = Alert::eventFromName(q.value(2).toString()).value_or(Alert::Event::Test);
        r.alert.subject = q.value(3).toString();
        const QString severity = q.value(4).toString();
        r.alert.severity = severity == QLatin1String("critical")  ? Alert::Severity::Critical
                           : severity == QLatin1String("warning") ? Alert::Severity::Warning
                                                                  : Alert::Severity::Info;
        r.alert.title = q.value(5).toString();
        r.alert.message = q.value(6).toString();
        r.deliveries = deliveriesFrom(q.value(7).toByteArray());
        out << r;
    }
    return out;
}

Status AlertRepository::prune(qint64 cutoffMs, int keep)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM alert_history WHERE ts_ms < :cutoff OR id <= (SELECT "
                             "id FROM alert_history ORDER BY id DESC LIMIT 1 OFFSET :keep)"));
    q.bindValue(QStringLiteral(":cutoff"), cutoffMs);
    q.bindValue(QStringLiteral(":keep"), qMax(0, keep));
    return sql::exec(q, QStringLiteral("pruning the alert history"));
}

} // namespace llmux
