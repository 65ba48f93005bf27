// Round trips per second of a WebSocket echo (one message out, the echo back, on one connection),
// directly against a mock backend's `websocket: echo` endpoint and through the reference gateway's
// tunnel in front of it, in the same process and run, so their ratio is the tunnel's cost. Sizes:
// 64 B (chat-like, per-message overhead dominates) and 16 KiB (copying dominates). Everything runs
// on loopback with one I/O thread each; bench/websocket_echo.sh repeats it and prints medians.
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "mock-backends/server/mock_server.hpp"

#include <benchmark/benchmark.h>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <memory>
#include <string>

namespace {

namespace asio = boost::asio;
namespace websocket = boost::beast::websocket;
using namespace portico;

const char* const scenario_yaml = R"(
name: ws-bench
backends:
  chat:
    endpoints:
      - {match: GET /ws, websocket: echo}
gateway:
  listeners:
    - name: public
      routes:
        - {match: {path: /ws}, backend: chat, websocket: true}
)";

// One mock and one gateway for the whole program (started on first use).
struct servers {
  servers() {
    auto loaded = core::load_scenario_text(scenario_yaml);
    if (!loaded.ok()) throw std::runtime_error(loaded.errors[0].to_string());
    scenario = *loaded.scenario;
    mock::server_options mo;
    mo.admin = "";
    mock_server = std::make_unique<mock::mock_server>(scenario, mo);
    mock_server->start();
    mock_port = mock_server->endpoints().at(0).endpoint.port();
    gateway::gateway_options go;
    go.admin = "";
    gateway_server = std::make_unique<gateway::gateway_server>(scenario.gateway,
                                                               gateway::backend_endpoints{{"chat", {"127.0.0.1:" + std::to_string(mock_port)}}}, go);
    gateway_server->start();
    gateway_port = gateway_server->endpoints().at(0).endpoint.port();
  }
  ~servers() {
    gateway_server->stop(std::chrono::seconds(2));
    mock_server->stop(std::chrono::seconds(2));
  }
  core::scenario_config scenario;
  std::unique_ptr<mock::mock_server> mock_server;
  std::unique_ptr<gateway::gateway_server> gateway_server;
  unsigned short mock_port = 0, gateway_port = 0;
};

servers& shared_servers() {
  static servers s;
  return s;
}

void echo(benchmark::State& state, bool through_gateway) {
  auto& s = shared_servers();
  asio::io_context io;
  websocket::stream<asio::ip::tcp::socket> ws(io);
  ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), through_gateway ? s.gateway_port : s.mock_port});
  ws.next_layer().set_option(asio::ip::tcp::no_delay(true));
  ws.handshake("bench", "/ws");
  ws.binary(true);
  const std::string message(static_cast<std::size_t>(state.range(0)), 'x');
  boost::beast::flat_buffer buffer;
  for (auto _ : state) {
    ws.write(asio::buffer(message));
    ws.read(buffer);
    buffer.consume(buffer.size());
  }
  ws.close(websocket::close_code::normal);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0) * 2);
}

void BM_WebSocketEchoDirect(benchmark::State& state) { echo(state, false); }
void BM_WebSocketEchoThroughGateway(benchmark::State& state) { echo(state, true); }

BENCHMARK(BM_WebSocketEchoDirect)->Arg(64)->Arg(16 * 1024)->UseRealTime();
BENCHMARK(BM_WebSocketEchoThroughGateway)->Arg(64)->Arg(16 * 1024)->UseRealTime();

}  // namespace
