#pragma once

#include "core/common/Result.h"
#include "core/config/GatewayConfig.h"
#include "core/domain/Records.h"
#include "core/store/Database.h"
#include "core/store/SecretStore.h"

#include <QTextStream>

#include <memory>

namespace llmux::cli {

// What every command needs: the resolved data folder, the opened database, the keychain and the
// two output streams. Errors go to stderr with a non-zero exit code.
class CliContext
{
public:
    explicit CliContext(QString dataDir);

    // Creates the folder and opens (and migrates) the database.
    Status open();

    const QString &dataDir() const { return m_dataDir; }
    Database &db() { return *m_db; }
    const SecretStore &secrets() const { return m_secrets; }
    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }

    int fail(const QString &message);

    // The provider of that name, or a clear error when there is none.
    Result<ProviderRecord> findProvider(const QString &name);
    // The configuration as the gateway would load it, keys read from the keychain and
    // environment.
    Result<GatewayConfigPtr> gatewayConfig();

private:
    QString m_dataDir;
    std::unique_ptr<Database> m_db;
    SecretStore m_secrets;
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace llmux::cli
