#include "core/keys/GatewayKeyIssuer.h"

#include "core/keys/GatewayKeyCodec.h"
#include "core/store/GatewayKeyRepository.h"

namespace llmux {

Result<GatewayKeyIssuer::Issued> GatewayKeyIssuer::issue(const Database &db,
                                                         GatewayKeyRecord record)
{
    record.name = record.name.trimmed();
    if (record.name.isEmpty())
        return Result<Issued>::failure(
            QStringLiteral("A key needs a name, e.g. the client it is for."));
    Issued issued;
    issued.key = GatewayKeyCodec::generate();
    record.keyHash = GatewayKeyCodec::hash(issued.key.toLatin1());
    record.displayPrefix = GatewayKeyCodec::displayPrefix(issued.key);
    const auto id = GatewayKeyRepository(db).add(record);
    if (!id)
        return id.status();
    record.id = id.value();
    issued.record = record;
    return issued;
}

} // namespace llmux
