#pragma once

#include <QString>

#include <optional>

namespace llmux {

// A small JSON file in the data folder that says which process serves the gateway and where, so
// `llmux status` can find a gateway started with another port.
class RuntimeFile
{
public:
    struct Info
    {
        qint64 pid = 0;
        QString baseUrl;
        QString startedAt;
    };

    static bool write(const QString &dataDir, const Info &info);
    static std::optional<Info> read(const QString &dataDir);
    static void remove(const QString &dataDir);
};

} // namespace llmux
