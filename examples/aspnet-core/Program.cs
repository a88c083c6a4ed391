// ASP.NET Core (.NET 8): sign in with OpenID Connect through the public application the element
// uses (token endpoint authentication None: PKCE, no client secret), ask for the Management API
// audience and scopes, keep the tokens in the cookie session, and render Views/Home/Account.cshtml.
using Microsoft.AspNetCore.Authentication.Cookies;

var builder = WebApplication.CreateBuilder(args);

var domain = builder.Configuration["Auth0:Domain"];
builder.Services
    .AddAuthentication(options =>
    {
        options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.DefaultChallengeScheme = "oidc";
    })
    .AddCookie()
    .AddOpenIdConnect("oidc", options =>
    {
        options.Authority = $"https://{domain}";
        options.ClientId = builder.Configuration["Auth0:ClientId"];
        options.ResponseType = "code";
        options.SaveTokens = true; // what GetTokenAsync("access_token") reads
        options.MapInboundClaims = false; // keep "sub" and "name" as Auth0 sends them
        options.TokenValidationParameters.NameClaimType = "name";
        options.Scope.Clear();
        foreach (var scope in "openid profile email read:current_user update:current_user_identities".Split(' '))
            options.Scope.Add(scope);
        // Auth0 takes the API from the `audience` parameter of /authorize.
        options.Events.OnRedirectToIdentityProvider = context =>
        {
            context.ProtocolMessage.SetParameter("audience", $"https://{domain}/api/v2/");
            return Task.CompletedTask;
        };
    });
builder.Services.AddControllersWithViews();
builder.Services.AddHttpClient();

var app = builder.Build();
app.UseStaticFiles(); // wwwroot/js/account-linker.js and wwwroot/js/locales/, from node_modules/account-linker/dist/
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultControllerRoute();
app.Run();
