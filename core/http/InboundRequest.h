#pragma once

#include "core/http/HeaderList.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

namespace llmux {

// A complete HTTP request from a client, copied out of QHttpServer's request object. Header names
// are lower-case.
struct InboundRequest
{
    QByteArray method;
    QString path;
    QByteArray query;
    HeaderList headers;
    QByteArray body;
    QHostAddress remoteAddress;
    QElapsedTimer received;

    QByteArray header(QByteArrayView lowerCaseName) const
    {
        return headerValue(headers, lowerCaseName);
    }
};

} // namespace llmux
