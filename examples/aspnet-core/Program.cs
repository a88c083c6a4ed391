// ASP.NET Core (.NET 8): sign in as an Auth0 *Regular Web Application* (authorization code with the
// client secret, the session in the authentication cookie), render Views/Home/Account.cshtml with
// <account-linker mode="server" endpoint="/account/identities">, and answer the element's requests in
// Controllers/AccountIdentitiesController.cs, which follows the contract's duty list ("Server mode")
// with AccountLinker/Auth0Management.cs (an M2M client of the Management API over HttpClient),
// AccountLinker/SecondSignIn.cs (the second account's sign-in and ID token validation) and
// AccountLinker/LinkCookies.cs (transactions and results in Data Protection-protected cookies).
// NOT COMPILED OR RUN in this repository's CI (no .NET there): see examples/README.md.
using AccountLinkerExample.AccountLinker;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

var builder = WebApplication.CreateBuilder(args);

var auth0 = builder.Configuration.GetSection("Auth0");
// "tenant.eu.auth0.com" (https) or an origin; plain http only for a loopback mock (npx account-linker-mock).
var issuer = Auth0Options.IssuerOrigin(auth0["Domain"]!);

builder.Services
    .AddAuthentication(options =>
    {
        options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
    })
    .AddCookie(options =>
    {
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        // The element's requests are not challenged: AccountIdentitiesController answers 401 JSON itself.
    })
    .AddOpenIdConnect(options =>
    {
        options.Authority = issuer + "/";
        options.RequireHttpsMetadata = !Auth0Options.IsLoopbackHttp(issuer);
        options.ClientId = auth0["ClientId"];
        options.ClientSecret = auth0["ClientSecret"]; // a confidential client: the code is exchanged with the secret
        options.ResponseType = "code";
        options.ResponseMode = "query"; // SameSite=Lax cookies survive the return (form_post needs https)
        options.UsePkce = true;
        options.CallbackPath = "/signin-oidc"; // register BASE_URL/signin-oidc at the tenant
        options.SaveTokens = false; // the page needs no token: the server links with its own M2M token
        options.MapInboundClaims = false; // keep "sub" and "name" as Auth0 sends them
        options.TokenValidationParameters.NameClaimType = "name";
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("profile");
        options.Scope.Add("email");
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        // Sign-out at the tenant too: Auth0's /v2/logout.
        options.Events.OnRedirectToIdentityProviderForSignOut = context =>
        {
            var returnTo = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/";
            context.Response.Redirect($"{issuer}/v2/logout?client_id={Uri.EscapeDataString(options.ClientId!)}&returnTo={Uri.EscapeDataString(returnTo)}");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    });

// Data Protection protects the transaction and result cookies (AccountLinker/LinkCookies.cs). With
// more than one instance, persist the key ring where all of them read it (PersistKeysTo…).
builder.Services.AddDataProtection();

builder.Services.Configure<Auth0Options>(options =>
{
    options.Issuer = issuer;
    options.ClientId = auth0["ClientId"]!;
    options.ClientSecret = auth0["ClientSecret"]!;
    options.ManagementClientId = auth0["Management:ClientId"]!;
    options.ManagementClientSecret = auth0["Management:ClientSecret"]!;
    options.Endpoint = builder.Configuration["AccountLinker:Endpoint"] ?? "/account/identities";
});
builder.Services.AddHttpClient<Auth0Management>();
builder.Services.AddSingleton<ManagementTokenCache>();
builder.Services.AddHttpClient();
builder.Services.AddSingleton<SecondSignIn>();
builder.Services.AddSingleton<LinkCookies>();
builder.Services.AddControllersWithViews();

var app = builder.Build();
app.UseStaticFiles(); // wwwroot/js/account-linker.js and wwwroot/js/locales/, from node_modules/account-linker/dist/
app.UseAuthentication();
app.UseAuthorization();
app.MapControllers();
app.MapDefaultControllerRoute();
app.MapGet("/logout", async (HttpContext context) =>
{
    await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    await context.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme);
});
app.Run();
