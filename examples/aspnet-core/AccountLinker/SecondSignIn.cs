// The second account's sign-in, for linking: the /authorize URL (state, nonce, PKCE S256,
// prompt=login, max_age=0, the Regular Web App's client id), the code exchanged with the client
// secret and the PKCE verifier, and the ID token validated before anything is linked. Its tokens end
// here: only the validated claims (sub, email, email_verified) leave this class.
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AccountLinkerExample.AccountLinker;

public sealed record AuthorizationRequest(string Url, string State, string Nonce, string Verifier);

public sealed record SecondAccount(string Sub, string? Email, bool EmailVerified);

public sealed class SecondSignIn
{
    private readonly HttpClient http;
    private readonly Auth0Options o;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> discovery;

    // One per process (Program.cs: AddSingleton), so discovery and the JWKS are fetched once and cached.
    public SecondSignIn(IHttpClientFactory httpClients, IOptions<Auth0Options> options)
    {
        http = httpClients.CreateClient(nameof(SecondSignIn));
        o = options.Value;
        // Discovery and the tenant's JWKS, cached and refreshed by Microsoft.IdentityModel.
        discovery = new ConfigurationManager<OpenIdConnectConfiguration>(
            o.Issuer + "/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = !Auth0Options.IsLoopbackHttp(o.Issuer) });
    }

    private static string Random32() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public async Task<AuthorizationRequest> StartAsync(string callbackUrl, string? connection)
    {
        var metadata = await discovery.GetConfigurationAsync(CancellationToken.None);
        var state = Random32();
        var nonce = Random32();
        var verifier = Random32();
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = o.ClientId,
            ["redirect_uri"] = callbackUrl,
            ["scope"] = "openid profile email",
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
            ["prompt"] = "login", // a person signs in to the account to link, every time
            ["max_age"] = "0",
        };
        if (connection is not null) query["connection"] = connection;
        var url = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(metadata.AuthorizationEndpoint, query);
        return new AuthorizationRequest(url, state, nonce, verifier);
    }

    public async Task<SecondAccount> FinishAsync(string code, LinkTransaction tx, string callbackUrl)
    {
        var metadata = await discovery.GetConfigurationAsync(CancellationToken.None);
        using var response = await http.PostAsync(metadata.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = callbackUrl,
            ["code_verifier"] = tx.Verifier,
            ["client_id"] = o.ClientId,
            ["client_secret"] = o.ClientSecret, // client_secret_post, what Auth0 gives a Regular Web App
        }));
        if (!response.IsSuccessStatusCode) throw new LinkerException(502, "authorize-error", "Auth0 refused the sign-in's code; start again.");
        var tokens = await response.Content.ReadFromJsonAsync<JsonObject>();
        var idToken = tokens?["id_token"]?.GetValue<string>() ?? throw new LinkerException(502, "bad-response", "Auth0 returned no ID token.");
        // The access token of the second account is not used and not kept.

        // [duty:id-token] The second account's ID token: signature by the tenant's JWKS (RS256),
        // iss, aud (this client), exp, then nonce and auth_time against max_age=0.
        var handler = new JsonWebTokenHandler();
        var result = await handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = o.Issuer + "/",
            ValidAudience = o.ClientId,
            IssuerSigningKeys = metadata.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(60),
        });
        if (!result.IsValid) throw new LinkerException(400, "bad-response", "The other account's ID token is not valid.");
        var claims = result.ClaimsIdentity;
        if (claims.FindFirst("nonce")?.Value != tx.Nonce) throw new LinkerException(400, "state-mismatch", "The sign-in does not belong to this link (nonce).");
        // max_age=0: the sign-in must have happened after this link started (a minute of clock skew).
        if (!long.TryParse(claims.FindFirst("auth_time")?.Value, out var authTime) || authTime * 1000 < tx.Created - 60_000)
            throw new LinkerException(400, "bad-response", "The other account did not sign in just now (auth_time); start again.");
        var sub = claims.FindFirst("sub")?.Value ?? throw new LinkerException(400, "bad-response", "The ID token has no sub.");
        var email = claims.FindFirst("email")?.Value;
        var verified = string.Equals(claims.FindFirst("email_verified")?.Value, "true", StringComparison.OrdinalIgnoreCase);
        return new SecondAccount(sub, email, verified);
    }
}
