package emulator

import "crypto/tls"

// tlsConfig demands a client certificate signed by the emulator's CA, as the real API demands a
// console-issued one (reference §1.2): without one the handshake fails and no HTTP is spoken.
// Every completed handshake is counted, so tests can prove a client reuses its connections.
func (e *Emulator) tlsConfig() *tls.Config {
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{e.certs.Server},
		ClientAuth:   tls.RequireAndVerifyClientCert,
		ClientCAs:    e.certs.ClientCAs,
		NextProtos:   []string{"http/1.1"},
		VerifyConnection: func(tls.ConnectionState) error {
			// Called once per handshake (full or resumed), after the chain was verified.
			e.stats.countHandshake()
			return nil
		},
	}
}
