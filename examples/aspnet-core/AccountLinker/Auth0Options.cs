namespace AccountLinkerExample.AccountLinker;

/// <summary>The tenant, the two applications and the endpoint (Program.cs fills it from configuration).</summary>
public sealed class Auth0Options
{
    /// <summary>The tenant's origin without a trailing slash, e.g. https://tenant.eu.auth0.com.</summary>
    public string Issuer { get; set; } = "";
    /// <summary>The Regular Web Application the app signs in with (it also signs the second account in).</summary>
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    /// <summary>The Machine to Machine application: Management API, read:users update:users.</summary>
    public string ManagementClientId { get; set; } = "";
    public string ManagementClientSecret { get; set; } = "";
    /// <summary>The element's endpoint; the link callback is Endpoint + "/callback".</summary>
    public string Endpoint { get; set; } = "/account/identities";

    /// <summary>"tenant.eu.auth0.com" → https://tenant.eu.auth0.com; an origin as given; http only for a loopback host.</summary>
    public static string IssuerOrigin(string domain)
    {
        var text = domain.Contains("://") ? domain : "https://" + domain;
        var uri = new Uri(text, UriKind.Absolute);
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
            throw new InvalidOperationException($"Auth0:Domain must use https (http only for a loopback mock): {domain}");
        return uri.GetLeftPart(UriPartial.Authority);
    }

    public static bool IsLoopbackHttp(string origin) => new Uri(origin).Scheme == Uri.UriSchemeHttp;
}
