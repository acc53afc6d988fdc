#pragma once

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
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QHostAddress remoteAddress;
    QElapsedTimer received;

    QByteArray header(QByteArrayView lowerCaseName) const
    {
        for (const auto &h : headers)
            if (h.first == lowerCaseName)
                return h.second;
        return QByteArray();
    }
    bool hasHeader(QByteArrayView lowerCaseName) const
    {
        for (const auto &h : headers)
            if (h.first == lowerCaseName)
                return true;
        return false;
    }
};

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

} // namespace llmux
