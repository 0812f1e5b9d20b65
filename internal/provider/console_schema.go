package provider

import (
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// consoleSchema is the `console` attribute: the road to the catalog through the official console
// gateway. Its descriptions say what is known about the real gateway and what is inferred.
func consoleSchema() schema.SingleNestedAttribute {
	notBlank := []validator.String{stringvalidator.LengthAtLeast(1)}
	return schema.SingleNestedAttribute{
		Optional: true,
		MarkdownDescription: "Manage the catalog — push templates, promotions, IAP products and their lookups — through " +
			"the official Apps in Toss console gateway (an MCP server) instead of the catalog contract over mTLS. This is " +
			"what a real Apps in Toss account needs: Toss publishes no catalog endpoints on the partner API. Sign in once " +
			"with `appsintoss login`. " +
			"The console is used when this attribute is set (`console = {}` takes every default), or when any of the " +
			"environment variables `" + envConsoleURL.name + "`, `" + envConsoleCredentials.name + "` or `" +
			envConsoleCredentialsFile.name + "` is set. Without it the catalog goes through the catalog contract over " +
			"mTLS, as served by the emulator or a partner's gateway. The resources' schemas and state are the same on " +
			"both roads, and runtime calls (login, Toss Pay, IAP orders) always use the mTLS client. " +
			"With the console, the provider contacts the gateway when it is configured (every plan and apply): it lists " +
			"the gateway's tools and stops, sending nothing to the account, when they are not what this provider knows " +
			"(the tools' input schemas are not published), then finds the mini-app. Reads are batched into list calls, " +
			"and calls follow the same `rate_limit_per_minute`, `max_retries`, `request_timeout`, `read_timeout` and " +
			"`max_retry_wait` as the mTLS client; a create whose answer was lost is looked up, never sent again. No " +
			"console tool deletes anything: destroying a push template removes it from state with a warning and it " +
			"stays in the console; a promotion is ended and a product made INACTIVE, as on the other road.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Optional:   true,
				Validators: notBlank,
				MarkdownDescription: "The gateway's MCP endpoint. Default `" + envConsoleURL.fallback + "` (the official " +
					"gateway), or the `" + envConsoleURL.name + "` environment variable. It must be an https URL, and the " +
					"gateway the credentials were issued for (their `consoleUrl`): tokens are never sent elsewhere. Set it " +
					"for the emulator (`appsintoss-emulator serve --console-addr`) or a private gateway. Known about the " +
					"official gateway: MCP over Streamable HTTP, OAuth with the public client id `mcp-gateway`, and the " +
					"tool names; inferred: every argument name (checked against its `tools/list` at every plan).",
			},
			"credentials_file": schema.StringAttribute{
				Optional:   true,
				Validators: notBlank,
				MarkdownDescription: "The credentials file `appsintoss login` writes. Default: " +
					"`appsintoss/console-credentials.json` in the user's configuration directory " +
					"(`$XDG_CONFIG_HOME` or `~/.config` on Linux, `~/Library/Application Support` on macOS, `%AppData%` " +
					"on Windows), or the `" + envConsoleCredentialsFile.name + "` environment variable. A file that group " +
					"or others may read is refused, with the `chmod 600` that fixes it. The provider refreshes an expired " +
					"access token and writes the new tokens back when the file is writable. Expired or revoked credentials " +
					"are an error that says to run `appsintoss login` again. " +
					"The `" + envConsoleCredentials.name + "` environment variable — the file's JSON, or base64 of it, " +
					"for a CI secret — wins over any file. It is read only from the environment, never from configuration, " +
					"because it holds tokens; refreshed tokens are then kept in memory, and when the refresh token stops " +
					"working the error says to update that variable.",
			},
			"ca_certificate_file": schema.StringAttribute{
				Optional:   true,
				Validators: notBlank,
				MarkdownDescription: "Path to a PEM file of extra trust roots for the gateway's server certificate, added " +
					"to the system roots: the emulator's `ca.pem`, or a private gateway's CA. The official gateway needs " +
					"none. Environment variable: `" + envConsoleCAFile.name + "`. Independent of `ca_certificate_file`, " +
					"which is for the mTLS API.",
			},
			"workspace_id": schema.StringAttribute{
				Optional:   true,
				Validators: notBlank,
				MarkdownDescription: "The console workspace that holds the mini-app, as `workspace_list` shows its id. " +
					"Default: every workspace the signed-in account can see is searched.",
			},
			"mini_app_id": schema.StringAttribute{
				Optional:   true,
				Validators: notBlank,
				MarkdownDescription: "The console id of the mini-app whose catalog is managed, as `miniapp_list` shows it. " +
					"Default: the mini-app whose name (appName) is the client certificate's CN, found with " +
					"`workspace_list` and `miniapp_list`; when none or several fit, the error lists every workspace and " +
					"mini-app found. A mini-app whose name is not the CN is used with a warning: its catalog is managed " +
					"while runtime calls act as the certificate's mini-app.",
			},
		},
	}
}
