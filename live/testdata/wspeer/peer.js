// A WebSocket server from the npm "ws" package that citytwin's live tests
// connect to. It listens on 127.0.0.1 (a free port), prints {"port": N} on
// its first line of standard output, and behaves by the request path:
//   /stream?n=N&ms=M  N native messages every M ms, then stays open and quiet
//   /abrupt?n=N       N messages, then destroys the TCP socket (no close frame)
//   /garbage          junk text, malformed JSON, a binary blob, then one good message
//   /huge?mb=M        one good message, then a single M MiB text frame
//   /silent           accepts and sends nothing
//   /ngsi             one NGSI-LD Notification with two entities
//   /auth             needs "Authorization: Bearer secret" (401 otherwise), then /stream?n=1
"use strict";
const http = require("http");
const { WebSocketServer } = require("ws");

const server = http.createServer();
const wss = new WebSocketServer({
  server,
  maxPayload: 1 << 20,
  verifyClient: (info, cb) => {
    const u = new URL(info.req.url, "http://x");
    if (u.pathname === "/auth" && info.req.headers["authorization"] !== "Bearer secret") {
      return cb(false, 401, "Unauthorized");
    }
    cb(true);
  },
});
let conn = 0;

function native(id, i) {
  const m = { id, time: new Date(Date.UTC(2026, 10, 26, 10, 0, i % 60)).toISOString(), values: { no2: 10 + i, status: i % 2 ? "occupied" : "free" } };
  if (i === 0) { m.lon = 7.4246; m.lat = 43.7384; }
  return JSON.stringify(m);
}

wss.on("connection", (ws, req) => {
  conn++;
  const u = new URL(req.url, "http://x");
  const n = parseInt(u.searchParams.get("n") || "10", 10);
  const ms = parseInt(u.searchParams.get("ms") || "0", 10);
  const id = "peer-" + u.pathname.slice(1);
  switch (u.pathname) {
    case "/stream":
    case "/auth": {
      let i = 0;
      const count = u.pathname === "/auth" ? 1 : n;
      const send = () => {
        while (i < count) {
          ws.send(native(id, i++));
          if (ms > 0) { setTimeout(send, ms); return; }
        }
      };
      send();
      break;
    }
    case "/abrupt":
      for (let i = 0; i < n; i++) ws.send(native(id, i));
      setTimeout(() => ws._socket.destroy(), 20);
      break;
    case "/garbage":
      ws.send("garbage, not JSON");
      ws.send('{"id": "x", "values": {"no2": ');
      ws.send(Buffer.from([0xff, 0x00, 0x13, 0x37]));
      ws.send(native(id, 0));
      break;
    case "/huge": {
      ws.send(native(id, 0));
      const mb = parseFloat(u.searchParams.get("mb") || "2");
      const filler = "x".repeat(Math.floor(mb * (1 << 20)));
      ws.send('{"id":"huge","values":{"no2":1},"pad":"' + filler + '"}');
      break;
    }
    case "/ngsi":
      ws.send(JSON.stringify({
        id: "urn:ngsi-ld:Notification:1", type: "Notification", subscriptionId: "urn:ngsi-ld:Subscription:1",
        notifiedAt: "2026-11-26T10:00:00Z",
        data: [
          { id: "urn:ngsi-ld:AirQualityObserved:a1", type: "AirQualityObserved",
            no2: { type: "Property", value: 42, unitCode: "GQ", observedAt: "2026-11-26T10:00:00Z" },
            location: { type: "GeoProperty", value: { type: "Point", coordinates: [7.42, 43.73] } } },
          { id: "urn:ngsi-ld:ParkingSpot:p1", type: "ParkingSpot",
            status: { type: "Property", value: "occupied", observedAt: "2026-11-26T10:00:00Z" },
            location: { type: "GeoProperty", value: { type: "Point", coordinates: [7.43, 43.74] } } },
        ],
      }));
      break;
    case "/silent":
      break;
    default:
      ws.close(1008, "unknown path");
  }
  ws.on("error", () => {});
});

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n");
});
process.stdin.on("end", () => process.exit(0)); // exit with the test
process.stdin.resume();
