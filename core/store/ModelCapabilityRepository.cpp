#include "core/store/ModelCapabilityRepository.h"

#include "core/store/Database.h"
#include "core/store/SqlSupport.h"

namespace llmux {
namespace {

const QString kColumns =
    QStringLiteral("tools, images, reasoning, context_window, max_output, responses_only");

std::optional<bool> flagAt(const QSqlQuery &q, int column)
{
    return q.value(column).isNull() ? std::nullopt : std::optional(q.value(column).toBool());
}

std::optional<qint64> countAt(const QSqlQuery &q, int column)
{
    return q.value(column).isNull() ? std::nullopt : std::optional(q.value(column).toLongLong());
}

// Reads the six capability columns starting at `first`.
ModelCapabilities capabilitiesAt(const QSqlQuery &q, int first)
{
    ModelCapabilities c;
    c.tools = flagAt(q, first);
    c.images = flagAt(q, first + 1);
    c.reasoning = flagAt(q, first + 2);
    c.contextWindow = countAt(q, first + 3);
    c.maxOutputTokens = countAt(q, first + 4);
    c.responsesOnly = flagAt(q, first + 5);
    return c;
}

QVariant flag(const std::optional<bool> &value)
{
    return value ? QVariant(*value ? 1 : 0) : QVariant(QMetaType::fromType<int>());
}

} // namespace

Result<QList<ModelCapabilityRecord>> ModelCapabilityRepository::list() const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT c.provider_id, p.name, c.upstream_model, %1 FROM "
                             "model_capabilities c JOIN providers p ON p.id = c.provider_id "
                             "ORDER BY p.name, c.upstream_model")
                  .arg(QStringLiteral("c.tools, c.images, c.reasoning, c.context_window, "
                                      "c.max_output, c.responses_only")));
    if (auto s = sql::exec(q, QStringLiteral("listing model capabilities")); !s)
        return s;
    QList<ModelCapabilityRecord> out;
    while (q.next())
        out << ModelCapabilityRecord{q.value(0).toLongLong(), q.value(1).toString(),
                                     q.value(2).toString(), capabilitiesAt(q, 3)};
    return out;
}

Result<ModelCapabilities> ModelCapabilityRepository::find(qint64 providerId,
                                                          const QString &upstreamModel) const
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM model_capabilities WHERE provider_id = :p AND "
                             "upstream_model = :m")
                  .arg(kColumns));
    q.bindValue(QStringLiteral(":p"), providerId);
    q.bindValue(QStringLiteral(":m"), upstreamModel);
    if (auto s =
            sql::exec(q, QStringLiteral("reading the capabilities of '%1'").arg(upstreamModel));
        !s)
        return s;
    return q.next() ? capabilitiesAt(q, 0) : ModelCapabilities();
}

Status ModelCapabilityRepository::set(qint64 providerId, const QString &upstreamModel,
                                      const ModelCapabilities &c)
{
    QSqlQuery q(m_db.connection());
    if (c.isEmpty()) {
        q.prepare(QStringLiteral(
            "DELETE FROM model_capabilities WHERE provider_id = :p AND upstream_model = :m"));
    } else {
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO model_capabilities (provider_id, "
                                 "upstream_model, %1) VALUES (:p, :m, :tools, :images, "
                                 ":reasoning, :context, :output, :responses)")
                      .arg(kColumns));
        q.bindValue(QStringLiteral(":tools"), flag(c.tools));
        q.bindValue(QStringLiteral(":images"), flag(c.images));
        q.bindValue(QStringLiteral(":reasoning"), flag(c.reasoning));
        q.bindValue(QStringLiteral(":context"), sql::fromOptional(c.contextWindow));
        q.bindValue(QStringLiteral(":output"), sql::fromOptional(c.maxOutputTokens));
        q.bindValue(QStringLiteral(":responses"), flag(c.responsesOnly));
    }
    q.bindValue(QStringLiteral(":p"), providerId);
    q.bindValue(QStringLiteral(":m"), upstreamModel);
    return sql::exec(q, QStringLiteral("saving the capabilities of '%1'").arg(upstreamModel));
}

} // namespace llmux
